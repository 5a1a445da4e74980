package dev.svcnet.netfilter;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tables of one address family, as one iptables-save dump or one iptables-restore payload holds
 * them. Every address and REJECT type must belong to the family.
 */
public record RuleSet(IpFamily family, List<TableRules> tables) {

  public RuleSet {
    InvalidRuleException.notNull(family, "family");
    InvalidRuleException.notNull(tables, "tables");
    // The standard codec's parser checks every rule as it reads it (ParsedRuleChecks) and hands
    // the tables over in a form only this package can make; rules built any other way are
    // checked here.
    ParsedRuleChecks.CheckedTables checked =
        tables instanceof ParsedRuleChecks.CheckedTables c && c.checkedFor(family) ? c : null;
    tables = List.copyOf(tables);
    Set<Table> seen = new HashSet<>();
    for (int t = 0; t < tables.size(); t++) {
      TableRules table = tables.get(t);
      InvalidRuleException.require(seen.add(table.table()), "table",
          table.table().tableName() + " appears twice");
      if (checked != null) {
        if (checked.failure(t) != null) {
          throw checked.failure(t);
        }
        continue;
      }
      List<Chain> chains = table.chains();
      for (int c = 0; c < chains.size(); c++) {
        Chain chain = chains.get(c);
        List<Rule> rules = chain.rules();
        for (int r = 0; r < rules.size(); r++) {
          checkFamily(rules.get(r), family, chain.name());
          checkTable(rules.get(r), table.table(), chain.name());
        }
      }
    }
  }

  public static RuleSet of(IpFamily family, TableRules... tables) {
    return new RuleSet(family, List.of(tables));
  }

  public Optional<TableRules> table(Table table) {
    return tables.stream().filter(t -> t.table() == table).findFirst();
  }

  /**
   * What iptables-save prints after this rule set is restored: tables in a fixed order, each
   * {@link TableRules#canonical()}. Rules are already canonical by construction.
   */
  public RuleSet canonical() {
    return new RuleSet(family, tables.stream().sorted(Comparator.comparing(TableRules::table))
        .map(TableRules::canonical).toList());
  }

  /** Targets iptables refuses outside their table (DROP in nat is refused by iptables itself). */
  static void checkTable(Rule rule, Table table, ChainName chain) {
    Target target = rule.target();
    if (target instanceof Dnat || target instanceof Snat || target instanceof Masquerade) {
      if (table != Table.NAT) {
        throw new InvalidRuleException("target", "NAT targets are only valid in nat" + where(chain, table));
      }
    }
    if (target instanceof Notrack) {
      if (table != Table.RAW) {
        throw new InvalidRuleException("target", "NOTRACK is only valid in raw" + where(chain, table));
      }
    }
    if (target == Verdict.DROP || target instanceof Reject) {
      if (table == Table.NAT) {
        throw new InvalidRuleException("target", "the nat table is not for filtering" + where(chain, table));
      }
    }
  }

  private static String where(ChainName chain, Table table) {
    return " (chain " + chain + " in table " + table.tableName() + ")";
  }

  private static String where(ChainName chain) {
    return " (chain " + chain + ")";
  }

  static void checkFamily(Rule rule, IpFamily family, ChainName chain) {
    if (rule.source() != null) {
      if (rule.source().value().family() != family) {
        throw new InvalidRuleException("source", rule.source().value() + " is not " + family + where(chain));
      }
    }
    if (rule.destination() != null) {
      if (rule.destination().value().family() != family) {
        throw new InvalidRuleException("destination",
            rule.destination().value() + " is not " + family + where(chain));
      }
    }
    if (rule.target() instanceof Reject reject) {
      if (!reject.appliesTo(family)) {
        throw new InvalidRuleException("reject-with",
            reject.rejectWith() + " is not an " + family + " type" + where(chain));
      }
    }
    NatRange nat = rule.target() instanceof Dnat d ? d.to() : rule.target() instanceof Snat s ? s.to() : null;
    if (nat != null) {
      if (dev.svcnet.netfilter.internal.AddressText.familyOf(nat.first()) != family) {
        throw new InvalidRuleException("to", nat + " is not " + family + where(chain));
      }
    }
    List<Match> matches = rule.matches();
    for (int i = 0; i < matches.size(); i++) {
      Match match = matches.get(i);
      if (family == IpFamily.IPV6 && match instanceof AddrTypeMatch addrType) {
        for (Negatable<AddrTypeMatch.AddressType> type
            : java.util.Arrays.asList(addrType.sourceType(), addrType.destinationType())) {
          if (!(type == null || !AddrTypeMatch.IPV6_UNSUPPORTED.contains(type.value()))) {
            throw new InvalidRuleException("addrtype",
                "the kernel does not match " + (type == null ? "" : type.value()) + " for IPv6" + where(chain));
          }
        }
      }
      if (match instanceof IcmpTypeMatch icmp) {
        if (icmp.family() != family) {
          throw new InvalidRuleException("icmp-type", "-m " + icmp.module() + " is not " + family + where(chain));
        }
      }
      if (match instanceof RecentMatch recent && recent.mask() != null) {
        if (dev.svcnet.netfilter.internal.AddressText.familyOf(recent.mask()) != family) {
          throw new InvalidRuleException("mask", "recent mask is not " + family + where(chain));
        }
      }
    }
  }
}
