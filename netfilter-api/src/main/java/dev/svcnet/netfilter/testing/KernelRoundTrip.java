package dev.svcnet.netfilter.testing;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.Counters;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.TableRules;
import java.io.IOException;
import java.util.Optional;

/**
 * The round-trip property through the kernel: a rule set R restored with the real
 * iptables-restore reads back through iptables-save, parsed, as {@code R.canonical()} (counters
 * aside), table by table.
 */
public final class KernelRoundTrip {

  private KernelRoundTrip() {}

  /**
   * Replaces {@code ruleSet}'s tables through {@code iptables} (in the calling thread's network
   * namespace), reads them back, and says how they differ from {@code expected}: empty when
   * every table of {@code expected} came back equal.
   *
   * @param expected what the kernel should hold afterwards, normally {@code ruleSet.canonical()}
   */
  public static Optional<String> disagreement(Iptables iptables, RuleSet ruleSet,
      RuleSet expected) throws IOException {
    try {
      iptables.replace(ruleSet, false);
    } catch (RestoreException e) {
      return Optional.of("iptables-restore refused it: " + e.getMessage() + "\nfor\n"
          + RuleSetCodec.standard().format(ruleSet, false));
    }
    RuleSet saved = iptables.save();
    for (TableRules want : expected.tables()) {
      Optional<TableRules> got = saved.table(want.table()).map(KernelRoundTrip::withoutCounters);
      if (got.isEmpty() || !got.get().equals(want)) {
        RuleSetCodec codec = RuleSetCodec.standard();
        return Optional.of("table " + want.table().tableName() + " read back as\n"
            + (got.isEmpty() ? "(missing)" : codec.format(new RuleSet(saved.family(),
                java.util.List.of(got.get())), false))
            + "expected\n" + codec.format(new RuleSet(expected.family(),
                java.util.List.of(want)), false));
      }
    }
    return Optional.empty();
  }

  /** The same rule set the kernel would print: {@code ruleSet.canonical()}. */
  public static Optional<String> disagreement(Iptables iptables, RuleSet ruleSet)
      throws IOException {
    return disagreement(iptables, ruleSet, ruleSet.canonical());
  }

  /** {@code table} with every chain and rule counter left out. */
  public static TableRules withoutCounters(TableRules table) {
    return new TableRules(table.table(), table.chains().stream()
        .map(c -> new Chain(c.name(), c.policy(), Counters.ZERO,
            c.rules().stream().map(Rule::withoutCounters).toList()))
        .toList());
  }
}
