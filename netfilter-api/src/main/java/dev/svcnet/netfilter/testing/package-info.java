/**
 * For property tests of code that programs netfilter: random kernel-valid rule sets ({@link
 * dev.svcnet.netfilter.testing.RandomRuleSets}) and the round trip through the real
 * iptables-restore and iptables-save ({@link dev.svcnet.netfilter.testing.KernelRoundTrip}).
 * netfilter-api's own tests and svcnet's conformance suite share them.
 */
package dev.svcnet.netfilter.testing;
