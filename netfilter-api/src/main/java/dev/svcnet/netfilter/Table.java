package dev.svcnet.netfilter;

import java.util.List;

/** The iptables tables this library manages, each with its built-in chains in save order. */
public enum Table {
  FILTER("filter", List.of("INPUT", "FORWARD", "OUTPUT")),
  NAT("nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")),
  MANGLE("mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")),
  RAW("raw", List.of("PREROUTING", "OUTPUT"));

  private final String tableName;
  private final List<String> builtinChains;

  Table(String tableName, List<String> builtinChains) {
    this.tableName = tableName;
    this.builtinChains = builtinChains;
  }

  /** The name used after {@code *} and {@code -t}, e.g. {@code nat}. */
  public String tableName() {
    return tableName;
  }

  /** The built-in chains in the order iptables-save prints them. */
  public List<ChainName> builtinChains() {
    return builtinChains.stream().map(ChainName::of).toList();
  }

  public boolean isBuiltin(ChainName chain) {
    return builtinChains.contains(chain.value());
  }

  /** The table called {@code name}; throws {@link InvalidRuleException} for anything else. */
  public static Table named(String name) {
    for (Table table : values()) {
      if (table.tableName.equals(name)) {
        return table;
      }
    }
    throw new InvalidRuleException("table", "unknown table '" + name + "' (filter, nat, mangle, raw)");
  }
}
