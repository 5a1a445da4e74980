package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Goto;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleLocation;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.TableUpdate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An iptables-restore payload and, for each of its lines, the model rule it came from (null for
 * other lines), so a failure reported as "line N" can be traced back.
 */
public record RestorePayload(String text, List<RuleLocation> origins) {

  public RestorePayload {
    origins = java.util.Collections.unmodifiableList(new ArrayList<>(origins));
  }

  /** The payload's lines (cut from the text when asked: only failures need them). */
  public List<String> lines() {
    return text.lines().toList();
  }

  /** The payload replacing whole tables (for a restore without {@code --noflush}). */
  public static RestorePayload replacing(RuleSet ruleSet, boolean counters) {
    Builder out = new Builder(ruleSet.family());
    for (TableRules table : ruleSet.tables()) {
      out.line("*" + table.table().tableName(), null);
      for (Chain chain : table.chains()) {
        out.line(SaveFormatter.chainLine(chain), null);
      }
      for (Chain chain : table.chains()) {
        out.rules(table.table(), chain, counters);
      }
      out.line("COMMIT", null);
    }
    return out.build();
  }

  /**
   * The payload of a partial update (for {@code --noflush}): a chain line for each written or
   * deleted user chain (which creates or flushes it), the policy and a {@code -F} for each written
   * built-in chain, the rules, then {@code -X} for the deleted chains.
   */
  public static RestorePayload updating(IpFamily family, List<TableUpdate> updates, boolean counters) {
    return updating(family, updates, counters, Integer.MAX_VALUE);
  }

  /**
   * {@link #updating(IpFamily, List, boolean)}, with a {@code -S} (list the table) as the first
   * command of every table that names more than {@code listAbove} chains (written, deleted, or
   * the target of a written rule's jump or goto). {@code -S} changes nothing; it is there for
   * iptables-nft-restore: with {@code --noflush} (seen in 1.8.9) it keeps the name of every chain
   * a command names, and every jump target, in a sorted linked list, one walk of that list per
   * command, so that it can fetch only those chains from the kernel; a payload that names tens of
   * thousands of chains then spends minutes in that list. A command that names no chain makes it
   * fetch every chain of the table in one dump instead and keep no list; of those commands only
   * the listings ({@code -S}, {@code -L}) change nothing (the others flush, delete or zero every
   * chain). The listing costs a dump of the table's rules and prints
   * them (to the restore's stdout), which is why small updates go without it.
   */
  public static RestorePayload updating(IpFamily family, List<TableUpdate> updates, boolean counters,
      int listAbove) {
    Builder out = new Builder(family);
    for (TableUpdate update : updates) {
      out.line("*" + update.table().tableName(), null);
      if (chainsNamed(update) > listAbove) {
        out.line("-S", null);
      }
      for (Chain chain : update.chains()) {
        out.line(SaveFormatter.chainLine(chain), null);
      }
      List<ChainName> deleted = update.deleted().stream().sorted().toList();
      for (ChainName name : deleted) {
        out.line(":" + name + " - [0:0]", null);
      }
      for (Chain chain : update.chains()) {
        if (chain.isBuiltin()) {
          out.line("-F " + chain.name(), null);
        }
      }
      for (Chain chain : update.chains()) {
        out.rules(update.table(), chain, counters);
      }
      for (ChainName name : deleted) {
        out.line("-X " + name, null);
      }
      out.line("COMMIT", null);
    }
    return out.build();
  }

  /** How many distinct chains the payload of {@code update} names. */
  static int chainsNamed(TableUpdate update) {
    Set<ChainName> names = new HashSet<>(update.deleted());
    for (Chain chain : update.chains()) {
      names.add(chain.name());
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof Jump jump) {
          names.add(jump.chain());
        } else if (rule.target() instanceof Goto go) {
          names.add(go.chain());
        }
      }
    }
    return names.size();
  }

  /** The rule written on 1-based line {@code line}, or null. */
  public RuleLocation originOf(int line) {
    return line >= 1 && line <= origins.size() ? origins.get(line - 1) : null;
  }

  private static final class Builder {
    private final IpFamily family;
    private final StringBuilder text = new StringBuilder();
    private final List<RuleLocation> origins = new ArrayList<>();

    Builder(IpFamily family) {
      this.family = family;
    }

    void line(String line, RuleLocation origin) {
      text.append(line).append('\n');
      origins.add(origin);
    }

    void rules(Table table, Chain chain, boolean counters) {
      for (int i = 0; i < chain.rules().size(); i++) {
        Rule rule = chain.rules().get(i);
        if (counters && rule.counters() != null) {
          text.append(rule.counters()).append(' ');
        }
        text.append("-A ").append(chain.name().value());
        RuleFormatter.appendTo(text, rule, family);
        text.append('\n');
        origins.add(new RuleLocation(table, chain.name(), i, rule));
      }
    }

    RestorePayload build() {
      return new RestorePayload(text.toString(), origins);
    }
  }
}
