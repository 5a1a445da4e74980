/**
 * Typed iptables rule sets, their iptables-save / iptables-restore text, and applying them through
 * the real {@code iptables-restore}.
 *
 * <ul>
 *   <li>Model: {@link dev.svcnet.netfilter.RuleSet} (one address family) of {@link
 *       dev.svcnet.netfilter.TableRules}, of {@link dev.svcnet.netfilter.Chain}s, of {@link
 *       dev.svcnet.netfilter.Rule}s with typed {@link dev.svcnet.netfilter.Match}es and a {@link
 *       dev.svcnet.netfilter.Target}. Records validate in their constructors and throw {@link
 *       dev.svcnet.netfilter.InvalidRuleException} naming the field. Matches and targets the model
 *       does not know are kept verbatim ({@link dev.svcnet.netfilter.UnknownMatch}, {@link
 *       dev.svcnet.netfilter.UnknownTarget}).
 *   <li>Text: {@link dev.svcnet.netfilter.RuleSetCodec} parses iptables-save output of either
 *       backend ({@link dev.svcnet.netfilter.IptablesSyntaxException} names line and column) and
 *       prints the canonical form, which is what iptables-save prints back after a restore.
 *   <li>Apply: {@link dev.svcnet.netfilter.Iptables} replaces whole tables or, with {@link
 *       dev.svcnet.netfilter.TableUpdate}, rewrites only the caller's chains ({@code --noflush});
 *       a refusal is a {@link dev.svcnet.netfilter.RestoreException} naming the model rule.
 * </ul>
 *
 * <pre>{@code
 * RuleSetCodec codec = RuleSetCodec.standard();
 * Rule toBackend = codec.parseRule("-p tcp -m tcp -j DNAT --to-destination 10.244.1.5:8080", IpFamily.IPV4);
 * Iptables iptables = Iptables.of(Backend.NFT, IpFamily.IPV4);
 * TableRules nat = iptables.save(Table.NAT);
 * iptables.update(List.of(TableUpdate.reconcile(nat,
 *     List.of(Chain.user("SVC-SEP-1", List.of(toBackend))),
 *     name -> name.value().startsWith("SVC-"))));
 * }</pre>
 */
package dev.svcnet.netfilter;
