/**
 * For differential tests of the nginx-mode router against a real nginx: random Ingress sets and
 * requests ({@link dev.svcnet.ingress.testing.RandomIngresses}) and the comparison of nginx's
 * answers with the router's ({@link dev.svcnet.ingress.testing.NginxAnswers}).
 * ingress-matcher's own tests and svcnet's conformance suite share them.
 */
package dev.svcnet.ingress.testing;
