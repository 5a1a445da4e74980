package dev.svcnet.netfilter.testing;

import dev.svcnet.netfilter.AddrTypeMatch;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Cidr;
import dev.svcnet.netfilter.CommentMatch;
import dev.svcnet.netfilter.ConnmarkTarget;
import dev.svcnet.netfilter.ConntrackMatch;
import dev.svcnet.netfilter.Dnat;
import dev.svcnet.netfilter.Goto;
import dev.svcnet.netfilter.IcmpTypeMatch;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.LogTarget;
import dev.svcnet.netfilter.MarkMatch;
import dev.svcnet.netfilter.MarkTarget;
import dev.svcnet.netfilter.Masquerade;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.MultiportMatch;
import dev.svcnet.netfilter.NatRange;
import dev.svcnet.netfilter.Negatable;
import dev.svcnet.netfilter.PhysdevMatch;
import dev.svcnet.netfilter.Policy;
import dev.svcnet.netfilter.PortMatch;
import dev.svcnet.netfilter.PortRange;
import dev.svcnet.netfilter.Protocol;
import dev.svcnet.netfilter.RecentMatch;
import dev.svcnet.netfilter.Reject;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Snat;
import dev.svcnet.netfilter.StatisticMatch;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.Target;
import dev.svcnet.netfilter.UnknownMatch;
import dev.svcnet.netfilter.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Random;

/**
 * Random, kernel-valid rule sets for property tests: user chains in filter and nat (and the filter
 * FORWARD chain) with random header conditions, typed matches, verbatim matches and targets valid
 * in their table. Jumps only go to later chains, so there are no loops. Every random decision is
 * one {@link Choices#between} call, so a QuickTheories source (which then shrinks the decisions)
 * and a seeded {@link Random} (the conformance suite) drive the same generator.
 */
public final class RandomRuleSets {
  /** The alphabet of {@link #hostileText}: heavy in quoting and shell characters. */
  public static final String COMMENT_ALPHABET = "aZ09 _-.\"'\\#!$`;&|<>(){}*?~=:,/\tü€";

  /** Where the generator's random decisions come from. */
  @FunctionalInterface
  public interface Choices {
    /** A number from {@code low} to {@code high}, both included. */
    int between(int low, int high);

    /** Choices drawn from {@code random}. */
    static Choices of(Random random) {
      return (low, high) -> low + (int) Math.floorMod(random.nextLong(), (long) high - low + 1);
    }
  }

  private RandomRuleSets() {}

  /** A random rule set of {@code family} with a filter and a nat table. */
  public static RuleSet ruleSet(IpFamily family, Choices choices) {
    return new Generator(choices, family).ruleSet();
  }

  /** Free text of up to {@code maxLength} characters of {@link #COMMENT_ALPHABET}. */
  public static String hostileText(int maxLength, Choices choices) {
    int length = choices.between(0, maxLength);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(COMMENT_ALPHABET.charAt(choices.between(0, COMMENT_ALPHABET.length() - 1)));
    }
    return out.toString();
  }

  private static final class Generator {
    private final Choices choices;
    private final IpFamily family;

    Generator(Choices choices, IpFamily family) {
      this.choices = choices;
      this.family = family;
    }

    int between(int low, int high) {
      return choices.between(low, high);
    }

    boolean chance(int percent) {
      return between(1, 100) <= percent;
    }

    RuleSet ruleSet() {
      List<TableRules> tables = new ArrayList<>();
      tables.add(table(Table.FILTER));
      tables.add(table(Table.NAT));
      return new RuleSet(family, tables);
    }

    TableRules table(Table table) {
      int count = between(1, 3);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add("SVC-" + table.tableName().toUpperCase() + "-" + i + "-" + between(0, 999));
      }
      List<Chain> chains = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        List<Rule> rules = new ArrayList<>();
        int ruleCount = between(0, 5);
        for (int r = 0; r < ruleCount; r++) {
          rules.add(rule(table, names.subList(i + 1, count), true));
        }
        chains.add(Chain.user(names.get(i), rules));
      }
      if (table == Table.FILTER) {
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < between(0, 3); r++) {
          rules.add(rule(table, names, true));
        }
        chains.add(Chain.builtin("FORWARD", chance(50) ? Policy.ACCEPT : Policy.DROP, rules));
      }
      return new TableRules(table, chains);
    }

    Rule rule(Table table, List<String> jumpable, boolean interfaces) {
      Rule.Builder rule = Rule.builder();
      if (chance(40)) {
        rule.source(new Negatable<>(cidr(), chance(20)));
      }
      if (chance(40)) {
        rule.destination(new Negatable<>(cidr(), chance(20)));
      }
      if (interfaces && chance(20)) {
        rule.inInterface(new Negatable<>(chance(50) ? "eth" + between(0, 9) : "veth+", chance(20)));
      }
      Protocol protocol = null;
      if (chance(60)) {
        protocol = List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP,
            family == IpFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6, new Protocol(47)).get(between(0, 4));
        boolean negated = !protocol.hasPorts() && chance(20);
        rule.protocol(new Negatable<>(protocol, negated));
        if (!negated && (protocol.equals(Protocol.ICMP) || protocol.equals(Protocol.ICMPV6)) && chance(50)) {
          int type = between(0, 255);
          int code = chance(50) ? 0 : between(0, 255);
          IcmpTypeMatch icmp = chance(50) ? IcmpTypeMatch.of(family, type)
              : new IcmpTypeMatch(family, type, code, code, false);
          rule.match(chance(20) ? icmp.negate() : icmp);
        }
      }
      int matches = between(0, 3);
      boolean portMatch = false;
      for (int m = 0; m < matches; m++) {
        Match match = match(protocol);
        if (match instanceof PortMatch) {
          if (portMatch) {
            continue;
          }
          portMatch = true;
        }
        if (match instanceof AddrTypeMatch addrType && family == IpFamily.IPV6) {
          match = AddrTypeMatch.destination(AddrTypeMatch.AddressType.LOCAL);
        }
        rule.match(match);
      }
      rule.target(target(table, jumpable, protocol));
      return rule.build();
    }

    Match match(Protocol protocol) {
      int kind = between(0, 10);
      switch (kind) {
        case 0:
          return new CommentMatch(hostileText(40, choices));
        case 1:
          if (protocol != null && protocol.hasPorts()) {
            return new PortMatch(protocol, chance(50) ? new Negatable<>(ports(), chance(20)) : null,
                new Negatable<>(ports(), chance(20)));
          }
          return new MarkMatch(u32(), chance(50) ? 0xffffffffL : u32(), chance(30));
        case 2:
          if (protocol != null && protocol.hasPorts()) {
            List<PortRange> ports = new ArrayList<>();
            for (int i = 0; i < between(1, 5); i++) {
              ports.add(ports());
            }
            return new MultiportMatch(MultiportMatch.Direction.values()[between(0, 2)], ports, chance(20));
          }
          return ConntrackMatch.of(ConntrackMatch.State.NEW);
        case 3:
          return new MarkMatch(u32(), chance(50) ? 0xffffffffL : u32(), chance(30));
        case 4: {
          List<ConntrackMatch.State> states = new ArrayList<>();
          for (ConntrackMatch.State state : ConntrackMatch.State.values()) {
            if (chance(30)) {
              states.add(state);
            }
          }
          return states.isEmpty() ? ConntrackMatch.of(ConntrackMatch.State.INVALID)
              : new ConntrackMatch(Set.copyOf(states), chance(30));
        }
        case 5: {
          AddrTypeMatch.AddressType[] types = AddrTypeMatch.AddressType.values();
          return new AddrTypeMatch(chance(50) ? new Negatable<>(types[between(0, types.length - 1)], chance(30)) : null,
              new Negatable<>(types[between(0, types.length - 1)], chance(30)), false, false);
        }
        case 6: {
          if (chance(70)) {
            StatisticMatch random = StatisticMatch.random(between(0, 1_000_000) / 1_000_000.0);
            return chance(20) ? random.negate() : random;
          }
          int every = between(1, 10);
          return new StatisticMatch(StatisticMatch.Mode.NTH, 0, every, between(0, every - 1), chance(20));
        }
        case 7: {
          RecentMatch.Command command = RecentMatch.Command.values()[between(0, 3)];
          boolean timed = command == RecentMatch.Command.RCHECK || command == RecentMatch.Command.UPDATE;
          Integer seconds = timed && chance(60) ? between(1, 100000) : null;
          return new RecentMatch(command, chance(20), seconds, seconds != null && chance(50),
              timed && chance(30) ? between(1, 20) : null, timed && chance(30),
              chance(30) ? RecentMatch.DEFAULT_NAME : "KUBE-SEP-" + between(0, 99999),
              chance(30) ? mask() : null,
              chance(70) ? RecentMatch.Side.SOURCE : RecentMatch.Side.DESTINATION);
        }
        case 8:
          return new PhysdevMatch(chance(30) ? chance(30) : null,
              chance(50) ? new Negatable<>("veth" + between(0, 99), chance(30)) : null, null, null,
              chance(50) ? chance(30) : Boolean.FALSE);
        case 9:
          return new UnknownMatch("length", List.of("--length", between(0, 100) + ":" + between(101, 1500)));
        default:
          return new CommentMatch("kube " + between(0, 1000) + "/svc:port");
      }
    }

    Target target(Table table, List<String> jumpable, Protocol protocol) {
      int kind = between(0, 7);
      if (kind == 0 && !jumpable.isEmpty()) {
        ChainName chain = ChainName.of(jumpable.get(between(0, jumpable.size() - 1)));
        return chance(50) ? new Jump(chain) : new Goto(chain);
      }
      if (kind == 1) {
        return chance(50) ? MarkTarget.orMark(u32()) : new MarkTarget(u32(), u32());
      }
      if (kind == 2) {
        return new LogTarget(chance(50) ? hostileText(8, choices) + "x" : null, between(0, 7));
      }
      if (kind == 3) {
        return chance(50) ? ConnmarkTarget.setXmark(u32(), u32())
            : chance(50) ? ConnmarkTarget.saveMark() : ConnmarkTarget.restoreMark();
      }
      if (kind == 4) {
        return null;
      }
      if (table == Table.NAT && kind >= 5) {
        boolean ports = protocol != null && protocol.hasPorts();
        NatRange range = new NatRange(address(), chance(30) ? address() : null,
            ports && chance(70) ? ports() : null);
        if (kind == 5) {
          return new Dnat(range, chance(30), chance(30));
        }
        if (kind == 6) {
          return new Snat(range, chance(30), chance(30), chance(30));
        }
        return new Masquerade(ports && chance(50) ? ports() : null, chance(30), chance(30));
      }
      if (table == Table.FILTER && kind == 5) {
        List<String> types = family == IpFamily.IPV4 ? Reject.IPV4_TYPES : Reject.IPV6_TYPES;
        String type = types.get(between(0, types.size() - 1));
        if (type.equals("tcp-reset") && !(Protocol.TCP.equals(protocol))) {
          type = family == IpFamily.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable";
        }
        if (type.equals("icmp6-policy-fail") || type.equals("icmp6-reject-route")) {
          type = "icmp6-adm-prohibited";
        }
        return new Reject(type);
      }
      // The nat table does not allow DROP.
      return table == Table.NAT ? (chance(50) ? Verdict.ACCEPT : Verdict.RETURN) : Verdict.values()[between(0, 2)];
    }

    PortRange ports() {
      int first = between(1, 65535);
      return chance(50) ? PortRange.of(first) : new PortRange(first, between(first, 65535));
    }

    long u32() {
      return chance(50) ? between(0, 0xffff) : (((long) between(0, 0xffff)) << 16) | between(0, 0xffff);
    }

    Cidr cidr() {
      return new Cidr(address(), between(1, family.addressBits()));
    }

    InetAddress address() {
      byte[] bytes = new byte[family == IpFamily.IPV4 ? 4 : 16];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (chance(30) ? 0 : between(0, 255));
      }
      if (family == IpFamily.IPV4) {
        bytes[0] = (byte) between(1, 223);
      } else {
        bytes[0] = (byte) 0x20;
      }
      try {
        return family == IpFamily.IPV4 ? InetAddress.getByAddress(bytes)
            : java.net.Inet6Address.getByAddress(null, bytes, -1);
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }

    InetAddress mask() {
      Cidr prefix = new Cidr(family == IpFamily.IPV4 ? allOnes(4) : allOnes(16), between(1, family.addressBits() - 1));
      return prefix.network();
    }

    InetAddress allOnes(int length) {
      byte[] bytes = new byte[length];
      java.util.Arrays.fill(bytes, (byte) 0xff);
      try {
        return length == 4 ? InetAddress.getByAddress(bytes) : java.net.Inet6Address.getByAddress(null, bytes, -1);
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
  }
}
