package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.TableRules;

/** Prints a rule set in iptables-save's layout, without the {@code #} stamps. */
public final class SaveFormatter {
  private SaveFormatter() {}

  public static String format(RuleSet ruleSet, boolean counters) {
    StringBuilder out = new StringBuilder();
    for (TableRules table : ruleSet.tables()) {
      out.append('*').append(table.table().tableName()).append('\n');
      for (Chain chain : table.chains()) {
        out.append(chainLine(chain)).append('\n');
      }
      for (Chain chain : table.chains()) {
        for (Rule rule : chain.rules()) {
          if (counters && rule.counters() != null) {
            out.append(rule.counters()).append(' ');
          }
          out.append("-A ").append(chain.name().value());
          RuleFormatter.appendTo(out, rule, ruleSet.family());
          out.append('\n');
        }
      }
      out.append("COMMIT\n");
    }
    return out.toString();
  }

  static String chainLine(Chain chain) {
    return ":" + chain.name() + " " + (chain.isBuiltin() ? chain.policy().name() : "-") + " " + chain.counters();
  }
}
