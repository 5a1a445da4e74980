package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.AddrTypeMatch;
import dev.svcnet.netfilter.Cidr;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.CommentMatch;
import dev.svcnet.netfilter.ConnmarkTarget;
import dev.svcnet.netfilter.ConntrackMatch;
import dev.svcnet.netfilter.Counters;
import dev.svcnet.netfilter.Dnat;
import dev.svcnet.netfilter.Goto;
import dev.svcnet.netfilter.IcmpTypeMatch;
import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.LogTarget;
import dev.svcnet.netfilter.MarkMatch;
import dev.svcnet.netfilter.MarkTarget;
import dev.svcnet.netfilter.Masquerade;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.MultiportMatch;
import dev.svcnet.netfilter.NatRange;
import dev.svcnet.netfilter.Negatable;
import dev.svcnet.netfilter.Notrack;
import dev.svcnet.netfilter.PhysdevMatch;
import dev.svcnet.netfilter.PortMatch;
import dev.svcnet.netfilter.PortRange;
import dev.svcnet.netfilter.Protocol;
import dev.svcnet.netfilter.RecentMatch;
import dev.svcnet.netfilter.Reject;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.SetMatch;
import dev.svcnet.netfilter.Snat;
import dev.svcnet.netfilter.StatisticMatch;
import dev.svcnet.netfilter.Target;
import dev.svcnet.netfilter.UnknownMatch;
import dev.svcnet.netfilter.UnknownTarget;
import dev.svcnet.netfilter.Verdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the arguments of one rule (after {@code -A CHAIN}) into a {@link Rule}. Options of known
 * modules and targets are read by their arity; a known module or target with an option the model
 * does not cover is kept verbatim as {@link UnknownMatch} / {@link UnknownTarget}. Errors carry the
 * line and the column of the offending token.
 */
public final class RuleParser {
  // The rule-level options, as ruleOption() tells them apart.
  private static final int NOT_RULE_OPTION = 0;
  private static final int SOURCE = 1;
  private static final int DESTINATION = 2;
  private static final int IN = 3;
  private static final int OUT = 4;
  private static final int PROTOCOL = 5;
  private static final int MATCH = 6;
  private static final int JUMP = 7;
  private static final int GOTO = 8;

  private static final Map<String, Integer> PORT_OPTIONS = Map.of(
      "--sport", 1, "--source-port", 1, "--dport", 1, "--destination-port", 1);
  private static final Map<String, Map<String, Integer>> MODULES = Map.ofEntries(
      Map.entry("comment", Map.of("--comment", 1)),
      Map.entry("tcp", PORT_OPTIONS),
      Map.entry("udp", PORT_OPTIONS),
      Map.entry("sctp", PORT_OPTIONS),
      Map.entry("multiport", Map.of("--sports", 1, "--source-ports", 1, "--dports", 1,
          "--destination-ports", 1, "--ports", 1)),
      Map.entry("mark", Map.of("--mark", 1)),
      Map.entry("conntrack", Map.of("--ctstate", 1)),
      Map.entry("addrtype", Map.of("--src-type", 1, "--dst-type", 1, "--limit-iface-in", 0,
          "--limit-iface-out", 0)),
      Map.entry("statistic", Map.of("--mode", 1, "--probability", 1, "--every", 1, "--packet", 1)),
      Map.entry("recent", Map.ofEntries(Map.entry("--set", 0), Map.entry("--rcheck", 0),
          Map.entry("--update", 0), Map.entry("--remove", 0), Map.entry("--seconds", 1),
          Map.entry("--reap", 0), Map.entry("--hitcount", 1), Map.entry("--rttl", 0),
          Map.entry("--name", 1), Map.entry("--mask", 1), Map.entry("--rsource", 0),
          Map.entry("--rdest", 0))),
      Map.entry("physdev", Map.of("--physdev-in", 1, "--physdev-out", 1, "--physdev-is-in", 0,
          "--physdev-is-out", 0, "--physdev-is-bridged", 0)),
      Map.entry("set", Map.of("--match-set", 2)),
      Map.entry("icmp", Map.of("--icmp-type", 1)),
      Map.entry("icmp6", Map.of("--icmpv6-type", 1)));
  private static final Map<String, Map<String, Integer>> TARGETS = Map.of(
      "REJECT", Map.of("--reject-with", 1),
      "DNAT", Map.of("--to-destination", 1, "--random", 0, "--persistent", 0),
      "SNAT", Map.of("--to-source", 1, "--random", 0, "--random-fully", 0, "--persistent", 0),
      "MASQUERADE", Map.of("--to-ports", 1, "--random", 0, "--random-fully", 0),
      "MARK", Map.of("--set-xmark", 1, "--set-mark", 1, "--or-mark", 1, "--xor-mark", 1, "--and-mark", 1),
      "CONNMARK", Map.of("--set-xmark", 1, "--set-mark", 1, "--save-mark", 0, "--restore-mark", 0,
          "--nfmask", 1, "--ctmask", 1, "--mask", 1),
      "LOG", Map.of("--log-prefix", 1, "--log-level", 1),
      "NOTRACK", Map.of());
  private static final List<String> LOG_LEVELS =
      List.of("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug");

  private final IpFamily family;
  private final DeclaredJumps declaredJumps;

  // Values that the rules of one parse share, made once: the same address, protocol, jump target,
  // comment, port match or match list read again is the same immutable object. A kube-proxy dump
  // names each of them on several lines; sharing keeps the model small and the parse's garbage low.
  private final HashMap<String, Negatable<Cidr>> addresses = new HashMap<>();
  private final HashMap<String, Negatable<Cidr>> negatedAddresses = new HashMap<>();
  private final HashMap<String, Negatable<Protocol>> protocols = new HashMap<>();
  private final HashMap<String, Negatable<Protocol>> negatedProtocols = new HashMap<>();
  private final HashMap<String, ChainName> chainNames = new HashMap<>();
  private final HashMap<String, Jump> jumps = new HashMap<>();
  /** Comments by their text, also found from a token's region of the text. */
  private final RegionTable<CommentMatch> comments;
  /** Random probabilities as the kernel's u32, by their text. */
  private final HashMap<String, Long> probabilities = new HashMap<>();
  /** Typed matches and targets that repeat across rules (ports, marks, probabilities, ...), by value. */
  private final HashMap<Object, Object> values = new HashMap<>();
  /** The rules' match lists, by the identity of their (shared) matches. */
  private final SharedMatchLists matchLists;
  /** IPv4 addresses by value: a host of {@code -s}/{@code -d} and of a DNAT/SNAT is one object. */
  private final LongTable<InetAddress> hosts;
  /** IPv4 {@code -s}/{@code -d} values read in their strict form, by address, prefix and negation. */
  private final LongTable<Negatable<Cidr>> cidrs;
  /** IPv4 DNAT/SNAT destinations {@code a.b.c.d[:port]} read in their strict form, by address and port. */
  private final LongTable<NatRange> natRanges;
  /** The port ranges of those destinations, by port (PortRange's hash puts equal-ended ranges in few buckets). */
  private final LongTable<PortRange> natPorts;
  /** {@code -m tcp/udp/sctp} with at most a plain {@code --dport}: by module, then by the port's text. */
  private final HashMap<String, HashMap<String, PortMatch>> destinationPortMatches = new HashMap<>();
  /** Statistic matches of random mode, not negated, by the probability's text. */
  private final HashMap<String, StatisticMatch> randomStatistics = new HashMap<>();

  // The rule being read: tokens [pos, words.size()) of line `line`.
  private Words words;
  private int line;
  private int pos;

  private Negatable<Cidr> source;
  private Negatable<Cidr> destination;
  private Negatable<String> inInterface;
  private Negatable<String> outInterface;
  private Negatable<Protocol> protocol;
  private boolean protocolSeen;
  private final ArrayList<Match> matches = new ArrayList<>();
  private Target target;

  // The options of the module or target being read, in order: name, '!' and first value's index.
  private String[] optionNames = new String[8];
  private boolean[] optionNegated = new boolean[8];
  private int[] optionValues = new int[8];
  private int optionCount;

  /**
   * A parser for the rules of one rule set of {@code family}; it shares values between them.
   * {@code declaredJumps} gives the jump to a chain declared in the table being read (or null), so
   * that a chain and every jump to it share one name.
   */
  RuleParser(IpFamily family, DeclaredJumps declaredJumps) {
    this(family, declaredJumps, 16);
  }

  /** As {@link #RuleParser(IpFamily, DeclaredJumps)}, its tables sized for about {@code expectedRules} rules. */
  RuleParser(IpFamily family, DeclaredJumps declaredJumps, int expectedRules) {
    this.family = family;
    this.declaredJumps = declaredJumps;
    this.matchLists = new SharedMatchLists(expectedRules);
    this.hosts = new LongTable<>(expectedRules / 2);
    this.cidrs = new LongTable<>(expectedRules / 2);
    this.natRanges = new LongTable<>(expectedRules / 2);
    this.comments = new RegionTable<>(expectedRules);
    this.natPorts = new LongTable<>(1024);
  }

  /** Parses {@code tokens} (the rule's arguments) of line {@code line}. */
  public static Rule parse(List<Token> tokens, IpFamily family, int line, Counters counters) {
    return new RuleParser(family, (text, start, end, hash) -> null).parse(Words.of(tokens), 0, line, counters);
  }

  /**
   * The rule whose arguments (what follows {@code -A CHAIN}) are {@code words} from {@code from}
   * on, of line {@code line}.
   */
  Rule parse(Words words, int from, int line, Counters counters) {
    this.words = words;
    this.line = line;
    this.pos = from;
    source = null;
    destination = null;
    inInterface = null;
    outInterface = null;
    protocol = null;
    protocolSeen = false;
    matches.clear();
    target = null;
    parseArguments();
    int column = from < words.size() ? words.column(from) : 1;
    try {
      return new Rule(source, destination, inInterface, outInterface, protocol, sharedMatches(), target,
          counters);
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, column, e.getMessage());
    }
  }

  /** Drops the shared values once the parse is over (see {@link LongTable#clear()}). */
  void clear() {
    matchLists.clear();
    hosts.clear();
    cidrs.clear();
    natRanges.clear();
    natPorts.clear();
    comments.clear();
    addresses.clear();
    negatedAddresses.clear();
    protocols.clear();
    negatedProtocols.clear();
    chainNames.clear();
    jumps.clear();
    probabilities.clear();
    values.clear();
    destinationPortMatches.clear();
    randomStatistics.clear();
    matches.clear();
  }

  /**
   * The chain named {@code name} (a goto or a jump to an undeclared chain), one object per name.
   *
   * @throws InvalidRuleException if it is not a valid chain name
   */
  private ChainName chainName(String name) {
    ChainName chain = chainNames.get(name);
    if (chain == null) {
      chain = ChainName.of(name);
      chainNames.put(name, chain);
    }
    return chain;
  }

  private List<Match> sharedMatches() {
    return matchLists.of(matches);
  }

  @SuppressWarnings("unchecked")
  private <T> T shared(T value) {
    Object seen = values.putIfAbsent(value, value);
    return seen == null ? value : (T) seen;
  }

  private void parseArguments() {
    int size = words.size();
    while (pos < size) {
      int at = pos;
      final boolean negated = words.option(at).equals("!");
      if (negated) {
        pos++;
        if (pos >= size) {
          throw error(at, "'!' at the end of the rule");
        }
        at = pos;
      }
      String option = words.option(at);
      int kind = ruleOption(option);
      if (kind == SOURCE) {
        requireUnset(source, at);
        source = address(valueIndex(at), negated);
      } else if (kind == DESTINATION) {
        requireUnset(destination, at);
        destination = address(valueIndex(at), negated);
      } else if (kind == IN) {
        requireUnset(inInterface, at);
        inInterface = new Negatable<>(words.value(valueIndex(at)), negated);
      } else if (kind == OUT) {
        requireUnset(outInterface, at);
        outInterface = new Negatable<>(words.value(valueIndex(at)), negated);
      } else if (kind == PROTOCOL) {
        if (protocolSeen) {
          throw error(at, "-p given twice");
        }
        protocolSeen = true;
        protocol = protocol(valueIndex(at), negated);
      } else if (kind == MATCH) {
        noNegation(negated, at);
        int module = next(at);
        pos += 2;
        matches.add(module(words.value(module), words.column(module)));
      } else if (kind == JUMP || kind == GOTO) {
        noNegation(negated, at);
        if (target != null) {
          throw error(at, "a rule has one target");
        }
        int name = next(at);
        pos += 2;
        target = kind == GOTO ? goTo(name) : target(name);
      } else if (PORT_OPTIONS.containsKey(option) && protocol != null && protocol.value().hasPorts()) {
        // "-p tcp --dport 80": iptables loads the protocol's match implicitly.
        pos -= negated ? 1 : 0;
        Match ports = module(protocol.value().toString(), words.column(at));
        if (!mergeIntoEarlierPortMatch(ports, at)) {
          matches.add(ports);
        }
      } else if (protocol != null && !protocol.negated() && implicitIcmp(protocol.value(), option) != null) {
        // "-p icmp --icmp-type 8": iptables loads the icmp (icmp6) match implicitly.
        pos -= negated ? 1 : 0;
        matches.add(module(implicitIcmp(protocol.value(), option), words.column(at)));
      } else {
        throw error(at, "unexpected '" + printable(words.raw(at)) + "'");
      }
    }
  }

  private Negatable<Cidr> address(int at, boolean negated) {
    long strict = family == IpFamily.IPV4 && words.isPlain(at)
        ? AddressText.ipv4Cidr(words.text(), words.start(at), words.end(at)) : -1;
    if (strict >= 0) {
      long key = strict | (negated ? 1L << 40 : 0);
      Negatable<Cidr> address = cidrs.get(key);
      if (address == null) {
        // The strict form is one that Cidr.parse accepts, with this address and prefix length.
        int prefix = (int) (strict >>> 32);
        InetAddress network = host(strict & 0xffffffffL);
        address = new Negatable<>(new Cidr(network, prefix), negated);
        cidrs.put(key, address);
      }
      return address;
    }
    HashMap<String, Negatable<Cidr>> known = negated ? negatedAddresses : addresses;
    String text = words.value(at);
    Negatable<Cidr> address = known.get(text);
    if (address == null) {
      address = newAddress(text, at, negated);
      known.put(text, address);
    }
    return address;
  }

  /** The address {@code text} of token {@code at}, read and checked. */
  private Negatable<Cidr> newAddress(String text, int at, boolean negated) {
    try {
      Cidr cidr = Cidr.parse(text, family);
      if (cidr.prefixLength() == family.addressBits()) {
        // A host address: the same InetAddress as a DNAT/SNAT to it.
        cidr = new Cidr(host(cidr.network()), cidr.prefixLength());
      }
      return new Negatable<>(cidr, negated);
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, words.column(at), e.getMessage());
    }
  }

  /** The range of the one port {@code port}, one object per port in a parse. */
  private PortRange natPort(int port) {
    PortRange range = natPorts.get(port);
    if (range == null) {
      range = PortRange.of(port);
      natPorts.put(port, range);
    }
    return range;
  }

  /** The IPv4 address whose value is {@code address}, one object per value in a parse. */
  private InetAddress host(long address) {
    InetAddress seen = hosts.get(address);
    if (seen == null) {
      try {
        seen = InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
            (byte) (address >>> 8), (byte) address});
      } catch (java.net.UnknownHostException e) {
        throw new AssertionError(e);
      }
      hosts.put(address, seen);
    }
    return seen;
  }

  /** {@code address}, or the equal address this parse made before. */
  private InetAddress host(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 4) {
      return shared(address);
    }
    long key = ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    InetAddress seen = hosts.get(key);
    if (seen == null) {
      hosts.put(key, address);
      return address;
    }
    return seen;
  }

  /** {@code -p}'s value; null for {@code all} and {@code 0}, which are no condition. */
  private Negatable<Protocol> protocol(int at, boolean negated) {
    HashMap<String, Negatable<Protocol>> known = negated ? negatedProtocols : protocols;
    String value = words.value(at);
    Negatable<Protocol> read = known.get(value);
    if (read == null) {
      String text = value.toLowerCase(Locale.ROOT);
      if (text.equals("all") || text.equals("0")) {
        return null;
      }
      try {
        read = new Negatable<>(Protocol.parse(text), negated);
      } catch (InvalidRuleException e) {
        throw new IptablesSyntaxException(line, words.column(at), e.getMessage());
      }
      known.put(value, read);
    }
    return read;
  }

  private Goto goTo(int name) {
    try {
      return new Goto(chainName(words.value(name)));
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, words.column(name), e.getMessage());
    }
  }

  /** The match iptables loads implicitly for {@code option} after {@code -p protocol}, or null. */
  private static String implicitIcmp(Protocol protocol, String option) {
    if (protocol.number() == 1 && option.equals("--icmp-type")) {
      return "icmp";
    }
    if (protocol.number() == 58 && option.equals("--icmpv6-type")) {
      return "icmp6";
    }
    return null;
  }

  /**
   * "-m tcp -p tcp -d X --dport 80" (kube-proxy's order): the port options belong to the explicit
   * {@code -m tcp} given before the header options, as getopt hands them to that match.
   */
  private boolean mergeIntoEarlierPortMatch(Match implicit, int at) {
    if (!(implicit instanceof PortMatch late)) {
      return false;
    }
    for (int i = matches.size() - 1; i >= 0; i--) {
      if (matches.get(i) instanceof PortMatch early && early.protocol().equals(late.protocol())) {
        if ((early.sourcePorts() != null && late.sourcePorts() != null)
            || (early.destinationPorts() != null && late.destinationPorts() != null)) {
          throw error(at, "port option given twice for -m " + early.module());
        }
        try {
          matches.set(i, shared(new PortMatch(early.protocol(),
              early.sourcePorts() != null ? early.sourcePorts() : late.sourcePorts(),
              early.destinationPorts() != null ? early.destinationPorts() : late.destinationPorts())));
        } catch (InvalidRuleException e) {
          throw new IptablesSyntaxException(line, words.column(at), e.getMessage());
        }
        return true;
      }
    }
    return false;
  }

  /** Thrown while building a typed match or target that the model does not cover. */
  private static final class Unmodeled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unmodeled() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads the options of a known module or target into the option arrays; false if one of them is
   * not in {@code spec} (the module is then kept verbatim).
   */
  private boolean options(Map<String, Integer> spec) {
    optionCount = 0;
    int size = words.size();
    while (pos < size) {
      boolean negated = words.option(pos).equals("!");
      int option = negated ? pos + 1 : pos;
      if (option >= size) {
        throw error(pos, "'!' at the end of the rule");
      }
      String name = words.option(option);
      Integer arity = spec.get(name);
      if (arity == null) {
        return ruleOption(name) != NOT_RULE_OPTION;
      }
      pos = option + 1;
      if (pos + arity > size) {
        throw error(option, name + " needs a value");
      }
      int value = pos;
      pos += arity;
      for (int i = 0; i < optionCount; i++) {
        if (optionNames[i].equals(name)) {
          throw error(option, name + " given twice");
        }
      }
      if (optionCount == optionNames.length) {
        optionNames = Arrays.copyOf(optionNames, optionCount * 2);
        optionNegated = Arrays.copyOf(optionNegated, optionCount * 2);
        optionValues = Arrays.copyOf(optionValues, optionCount * 2);
      }
      optionNames[optionCount] = name;
      optionNegated[optionCount] = negated;
      optionValues[optionCount] = value;
      optionCount++;
    }
    return true;
  }

  /** The index of the option named {@code name} among the options read, or -1. */
  private int option(String name) {
    for (int i = 0; i < optionCount; i++) {
      if (optionNames[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private boolean has(String name) {
    return option(name) >= 0;
  }

  /** The first value of option {@code i}. */
  private String valueOf(int i) {
    return words.value(optionValues[i]);
  }

  /** Whether {@link #verbatim()} would read nothing at {@code pos}: the rule ends or a rule-level option follows. */
  private boolean atArgumentsEnd() {
    int size = words.size();
    if (pos >= size) {
      return true;
    }
    String option = words.option(pos);
    return ruleOption(option) != NOT_RULE_OPTION
        || (option.equals("!") && pos + 1 < size && ruleOption(words.option(pos + 1)) != NOT_RULE_OPTION);
  }

  /** Everything up to the next rule-level option, verbatim. */
  private List<String> verbatim() {
    List<String> arguments = new ArrayList<>();
    int size = words.size();
    while (pos < size) {
      String option = words.option(pos);
      if (ruleOption(option) != NOT_RULE_OPTION) {
        break;
      }
      if (option.equals("!") && pos + 1 < size && ruleOption(words.option(pos + 1)) != NOT_RULE_OPTION) {
        break;
      }
      arguments.add(words.raw(pos));
      pos++;
    }
    return arguments;
  }

  /** The {@code -m name} match whose options start at {@code pos}; {@code column} is the module's. */
  private Match module(String name, int column) {
    Map<String, Integer> spec = MODULES.get(name);
    int start = pos;
    if (spec != null && options(spec)) {
      try {
        return typedMatch(name);
      } catch (Unmodeled e) {
        // fall through to verbatim
      } catch (InvalidRuleException e) {
        throw new IptablesSyntaxException(line, column, e.getMessage());
      }
    }
    pos = start;
    List<String> arguments = verbatim();
    try {
      return new UnknownMatch(name, arguments);
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, column, e.getMessage());
    }
  }

  private Match typedMatch(String module) {
    switch (module) {
      case "comment": {
        int comment = required("--comment", module);
        notNegated(comment);
        int at = optionValues[comment];
        CommentMatch match = words.valueInText(at)
            ? comments.get(words.text(), words.valueStart(at), words.valueEnd(at), words.hash(at))
            : comments.get(valueOf(comment));
        if (match == null) {
          String text = valueOf(comment);
          match = new CommentMatch(text);
          comments.put(text, match);
        }
        return match;
      }
      case "tcp":
      case "udp":
      case "sctp": {
        int sport = first("--sport", "--source-port");
        int dport = first("--dport", "--destination-port");
        if (sport >= 0 || (dport >= 0 && optionNegated[dport])) {
          Protocol portProtocol = Protocol.parse(module);
          return shared(new PortMatch(portProtocol, ports(sport, portProtocol), ports(dport, portProtocol)));
        }
        // The common forms, "-m tcp" and "-m tcp --dport 80": one match per module and port text.
        HashMap<String, PortMatch> byPort = destinationPortMatches.computeIfAbsent(module, m -> new HashMap<>());
        String portText = dport < 0 ? "" : valueOf(dport);
        PortMatch match = byPort.get(portText);
        if (match == null) {
          Protocol portProtocol = Protocol.parse(module);
          match = shared(new PortMatch(portProtocol, null, ports(dport, portProtocol)));
          byPort.put(portText, match);
        }
        return match;
      }
      case "multiport": {
        if (optionCount != 1) {
          throw new InvalidRuleException("multiport", "takes exactly one of --sports, --dports, --ports");
        }
        MultiportMatch.Direction direction = switch (optionNames[0]) {
          case "--sports", "--source-ports" -> MultiportMatch.Direction.SOURCE;
          case "--dports", "--destination-ports" -> MultiportMatch.Direction.DESTINATION;
          default -> MultiportMatch.Direction.EITHER;
        };
        Protocol portProtocol = protocol == null || protocol.negated() ? null : protocol.value();
        List<PortRange> ports = Arrays.stream(valueOf(0).split(",", -1))
            .map(text -> PortRange.parse(text, portProtocol)).toList();
        return shared(new MultiportMatch(direction, ports, optionNegated[0]));
      }
      case "mark": {
        int mark = required("--mark", module);
        long[] valueMask = valueMask(valueOf(mark), 0xffffffffL);
        return shared(new MarkMatch(valueMask[0], valueMask[1], optionNegated[mark]));
      }
      case "conntrack": {
        int state = required("--ctstate", module);
        EnumSet<ConntrackMatch.State> states = EnumSet.noneOf(ConntrackMatch.State.class);
        for (String s : valueOf(state).split(",", -1)) {
          try {
            states.add(ConntrackMatch.State.valueOf(s));
          } catch (IllegalArgumentException e) {
            throw new InvalidRuleException("ctstate", "unknown state '" + s + "'");
          }
        }
        return shared(new ConntrackMatch(states, optionNegated[state]));
      }
      case "addrtype":
        return shared(new AddrTypeMatch(addressType(option("--src-type")), addressType(option("--dst-type")),
            has("--limit-iface-in"), has("--limit-iface-out")));
      case "statistic":
        return statistic();
      case "recent":
        return shared(recent());
      case "physdev":
        return shared(new PhysdevMatch(flag(option("--physdev-is-in")), name(option("--physdev-in")),
            flag(option("--physdev-is-out")), name(option("--physdev-out")),
            flag(option("--physdev-is-bridged"))));
      case "set": {
        int set = required("--match-set", module);
        List<SetMatch.Direction> directions = new ArrayList<>();
        for (String d : words.value(optionValues[set] + 1).split(",", -1)) {
          if (!d.equals("src") && !d.equals("dst")) {
            throw new InvalidRuleException("match-set", "direction must be src or dst, got '" + d + "'");
          }
          directions.add(SetMatch.Direction.valueOf(d.toUpperCase(Locale.ROOT)));
        }
        return shared(new SetMatch(valueOf(set), directions, optionNegated[set]));
      }
      case "icmp":
      case "icmp6": {
        int type = required(module.equals("icmp") ? "--icmp-type" : "--icmpv6-type", module);
        return shared(IcmpTypeMatch.parse(module.equals("icmp") ? IpFamily.IPV4 : IpFamily.IPV6, valueOf(type),
            optionNegated[type]));
      }
      default:
        throw new Unmodeled();
    }
  }

  private StatisticMatch statistic() {
    int mode = required("--mode", "statistic");
    notNegated(mode);
    String modeValue = valueOf(mode);
    if (modeValue.equals("random")) {
      int probability = required("--probability", "statistic");
      if (has("--every") || has("--packet")) {
        throw new InvalidRuleException("statistic", "random mode takes no --every/--packet");
      }
      String text = valueOf(probability);
      if (!optionNegated[probability]) {
        StatisticMatch seen = randomStatistics.get(text);
        if (seen != null) {
          return seen;
        }
      }
      Long u32 = probabilities.get(text);
      if (u32 == null) {
        double p = number(text, "probability");
        if (!(p >= 0 && p <= 1)) {
          throw new InvalidRuleException("probability", "must be between 0 and 1, got " + p);
        }
        u32 = Math.round(p * StatisticMatch.ONE);
        probabilities.put(text, u32);
      }
      StatisticMatch match = shared(new StatisticMatch(StatisticMatch.Mode.RANDOM, u32, 0, 0,
          optionNegated[probability]));
      if (!optionNegated[probability]) {
        randomStatistics.put(text, match);
      }
      return match;
    }
    if (modeValue.equals("nth")) {
      int every = required("--every", "statistic");
      int packet = option("--packet");
      if (has("--probability")) {
        throw new InvalidRuleException("statistic", "nth mode takes no --probability");
      }
      require(packet >= 0, "packet", "--every also requires --packet");
      notNegated(packet);
      return shared(new StatisticMatch(StatisticMatch.Mode.NTH, 0, integer(valueOf(every), "every"),
          integer(valueOf(packet), "packet"), optionNegated[every]));
    }
    throw new InvalidRuleException("mode", "must be random or nth, got '" + modeValue + "'");
  }

  private RecentMatch recent() {
    RecentMatch.Command command = null;
    boolean negated = false;
    for (RecentMatch.Command c : RecentMatch.Command.values()) {
      int option = option(c.option());
      if (option >= 0) {
        require(command == null, "recent", "takes one of --set, --rcheck, --update, --remove");
        command = c;
        negated = optionNegated[option];
      }
    }
    require(command != null, "recent", "needs --set, --rcheck, --update or --remove");
    for (String option : List.of("--seconds", "--reap", "--hitcount", "--rttl", "--name", "--mask",
        "--rsource", "--rdest")) {
      notNegated(option(option));
    }
    require(!(has("--rsource") && has("--rdest")), "side", "--rsource and --rdest exclude each other");
    int seconds = option("--seconds");
    int hitcount = option("--hitcount");
    int name = option("--name");
    int mask = option("--mask");
    InetAddress maskAddress = mask < 0 ? null : AddressText.parse(valueOf(mask), family, "mask");
    if (maskAddress != null && allOnes(maskAddress)) {
      maskAddress = null;
    }
    return new RecentMatch(command, negated, seconds < 0 ? null : integer(valueOf(seconds), "seconds"),
        has("--reap"), hitcount < 0 ? null : integer(valueOf(hitcount), "hitcount"),
        has("--rttl"), name < 0 ? RecentMatch.DEFAULT_NAME : valueOf(name), maskAddress,
        has("--rdest") ? RecentMatch.Side.DESTINATION : RecentMatch.Side.SOURCE);
  }

  /**
   * The jump to a chain declared in the table being read, by the chain's name {@code
   * text[start, end)} (whose {@link String#hashCode()} is {@code hash}), or null: a chain and
   * every jump to it share one name, and a dump's jumps are found without a string per jump.
   */
  interface DeclaredJumps {
    Jump jump(String text, int start, int end, int hash);
  }

  /** Whether {@code -j name} is a verdict or a target this parser reads, never a jump to a chain. */
  static boolean isTargetName(String name) {
    return name.equals("ACCEPT") || name.equals("DROP") || name.equals("RETURN") || TARGETS.containsKey(name);
  }

  /** The {@code -j} target named by token {@code at}, whose options start at {@code pos}. */
  private Target target(int at) {
    if (words.isPlain(at) && atArgumentsEnd()) {
      // The common case, -j CHAIN with nothing after it: the chain's jump, found from the text.
      Jump jump = declaredJumps.jump(words.text(), words.start(at), words.end(at), words.hash(at));
      if (jump != null) {
        return jump;
      }
    }
    String targetName = words.value(at);
    if (targetName.equals("ACCEPT") || targetName.equals("DROP") || targetName.equals("RETURN")) {
      return Verdict.valueOf(targetName);
    }
    Map<String, Integer> spec = TARGETS.get(targetName);
    int start = pos;
    if (spec != null && options(spec)) {
      try {
        return typedTarget(targetName);
      } catch (Unmodeled e) {
        // fall through to verbatim
      } catch (InvalidRuleException e) {
        throw new IptablesSyntaxException(line, words.column(at), e.getMessage());
      }
    }
    pos = start;
    List<String> arguments = verbatim();
    try {
      if (arguments.isEmpty() && spec == null) {
        Jump jump = declaredJumps.jump(targetName, 0, targetName.length(), targetName.hashCode());
        if (jump == null) {
          jump = jumps.get(targetName);
        }
        if (jump == null) {
          jump = new Jump(chainName(targetName));
          jumps.put(targetName, jump);
        }
        return jump;
      }
      return new UnknownTarget(targetName, arguments);
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, words.column(at), e.getMessage());
    }
  }

  private Target typedTarget(String name) {
    for (int i = 0; i < optionCount; i++) {
      notNegated(i);
    }
    switch (name) {
      case "REJECT": {
        int with = option("--reject-with");
        if (with < 0) {
          return Reject.portUnreachable(family);
        }
        String type = valueOf(with).equals("tcp-rst") ? "tcp-reset" : valueOf(with);
        Reject reject = new Reject(type);
        require(reject.appliesTo(family), "reject-with",
            type + " is not an " + family + " type");
        return shared(reject);
      }
      case "DNAT":
        return new Dnat(natRange(optionValues[required("--to-destination", name)]),
            has("--random"), has("--persistent"));
      case "SNAT":
        return new Snat(natRange(valueOf(required("--to-source", name))),
            has("--random"), has("--random-fully"), has("--persistent"));
      case "MASQUERADE": {
        int ports = option("--to-ports");
        return shared(new Masquerade(ports < 0 ? null : PortRange.parse(valueOf(ports).replace('-', ':')),
            has("--random"), has("--random-fully")));
      }
      case "MARK": {
        require(optionCount == 1, "MARK", "takes exactly one option");
        String value = valueOf(0);
        return shared(switch (optionNames[0]) {
          case "--set-xmark" -> {
            long[] vm = valueMask(value, 0xffffffffL);
            yield new MarkTarget(vm[0], vm[1]);
          }
          case "--set-mark" -> {
            long[] vm = valueMask(value, 0xffffffffL);
            yield new MarkTarget(vm[0], vm[0] | vm[1]);
          }
          case "--or-mark" -> MarkTarget.orMark(u32(value, "mark"));
          case "--xor-mark" -> MarkTarget.xorMark(u32(value, "mark"));
          default -> MarkTarget.andMark(u32(value, "mark"));
        });
      }
      case "CONNMARK":
        return shared(connmark());
      case "LOG": {
        int prefix = option("--log-prefix");
        int level = option("--log-level");
        int levelValue = LogTarget.DEFAULT_LEVEL;
        if (level >= 0) {
          String text = valueOf(level);
          int named = LOG_LEVELS.indexOf(text.equals("panic") ? "emerg" : text);
          levelValue = named >= 0 ? named : integer(text, "log-level");
        }
        return shared(new LogTarget(prefix < 0 ? null : valueOf(prefix), levelValue));
      }
      case "NOTRACK":
        return new Notrack();
      default:
        throw new Unmodeled();
    }
  }

  /** The DNAT/SNAT range of token {@code at}; an IPv4 {@code a.b.c.d[:port]} is read from the text. */
  private NatRange natRange(int at) {
    long strict = family == IpFamily.IPV4 && words.isPlain(at)
        ? AddressText.ipv4Port(words.text(), words.start(at), words.end(at)) : -1;
    if (strict < 0) {
      return natRange(words.value(at));
    }
    NatRange range = natRanges.get(strict);
    if (range == null) {
      // The strict form is one that NatRange.parse accepts, with this address and port.
      int port = (int) (strict >>> 32);
      range = new NatRange(host(strict & 0xffffffffL), null, port > 65535 ? null : natPort(port));
      natRanges.put(strict, range);
    }
    return range;
  }

  /** A DNAT/SNAT range whose addresses and ports are shared with the other rules. */
  private NatRange natRange(String text) {
    NatRange range = NatRange.parse(text, family);
    return new NatRange(host(range.first()), range.last() == null ? null : host(range.last()),
        range.ports() == null ? null : shared(range.ports()));
  }

  private ConnmarkTarget connmark() {
    int setXmark = option("--set-xmark");
    int setMark = option("--set-mark");
    boolean save = has("--save-mark");
    boolean restore = has("--restore-mark");
    int modes = (setXmark >= 0 ? 1 : 0) + (setMark >= 0 ? 1 : 0) + (save ? 1 : 0) + (restore ? 1 : 0);
    require(modes == 1, "CONNMARK",
        "takes one of --set-xmark, --set-mark, --save-mark, --restore-mark");
    if (setXmark >= 0 || setMark >= 0) {
      if (has("--nfmask") || has("--ctmask") || has("--mask")) {
        throw new Unmodeled();
      }
      long[] vm = valueMask(valueOf(setXmark >= 0 ? setXmark : setMark), 0xffffffffL);
      return ConnmarkTarget.setXmark(vm[0], setXmark >= 0 ? vm[1] : vm[0] | vm[1]);
    }
    int mask = option("--mask");
    int nfmask = option("--nfmask");
    int ctmask = option("--ctmask");
    long common = mask < 0 ? 0xffffffffL : u32(valueOf(mask), "mask");
    return new ConnmarkTarget(save ? ConnmarkTarget.Mode.SAVE_MARK : ConnmarkTarget.Mode.RESTORE_MARK, 0, 0,
        nfmask < 0 ? common : u32(valueOf(nfmask), "nfmask"),
        ctmask < 0 ? common : u32(valueOf(ctmask), "ctmask"));
  }

  // ---- small readers ----

  private static void require(boolean condition, String field, String reason) {
    if (!condition) {
      throw new InvalidRuleException(field, reason);
    }
  }

  /** The index of the option {@code option} of {@code module}, which must be given. */
  private int required(String option, String module) {
    int found = option(option);
    if (found < 0) {
      throw new InvalidRuleException(module, "needs " + option);
    }
    return found;
  }

  /** The index of {@code a} or of its synonym {@code b}, or -1; not both. */
  private int first(String a, String b) {
    int first = option(a);
    int second = option(b);
    if (first >= 0 && second >= 0) {
      throw new InvalidRuleException(a, a + " and " + b + " are the same option");
    }
    return first >= 0 ? first : second;
  }

  /** Option {@code i} (if given, i >= 0) must not be negated. */
  private void notNegated(int i) {
    if (i >= 0 && optionNegated[i]) {
      throw new InvalidRuleException(optionNames[i], "cannot be negated");
    }
  }

  private Negatable<PortRange> ports(int i, Protocol protocol) {
    return i < 0 ? null : new Negatable<>(PortRange.parse(valueOf(i), protocol), optionNegated[i]);
  }

  private Negatable<AddrTypeMatch.AddressType> addressType(int i) {
    if (i < 0) {
      return null;
    }
    String value = valueOf(i);
    if (value.contains(",")) {
      throw new Unmodeled();
    }
    try {
      return new Negatable<>(AddrTypeMatch.AddressType.valueOf(value), optionNegated[i]);
    } catch (IllegalArgumentException e) {
      throw new InvalidRuleException(optionNames[i], "unknown address type '" + value + "'");
    }
  }

  private Boolean flag(int i) {
    return i < 0 ? null : optionNegated[i];
  }

  private Negatable<String> name(int i) {
    return i < 0 ? null : new Negatable<>(valueOf(i), optionNegated[i]);
  }

  private static boolean allOnes(InetAddress address) {
    for (byte b : address.getAddress()) {
      if (b != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  /** {@code VALUE[/MASK]} with strtoul base-0 numbers. */
  private static long[] valueMask(String text, long defaultMask) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new long[] {u32(text, "mark"), defaultMask};
    }
    return new long[] {u32(text.substring(0, slash), "mark"), u32(text.substring(slash + 1), "mask")};
  }

  /** A u32 as strtoul with base 0 reads it: 0x hex, leading-0 octal, or decimal. */
  static long u32(String text, String field) {
    try {
      long value;
      if (text.startsWith("0x") || text.startsWith("0X")) {
        value = Long.parseLong(text.substring(2), 16);
      } else if (text.length() > 1 && text.startsWith("0")) {
        value = Long.parseLong(text.substring(1), 8);
      } else {
        value = Long.parseLong(text);
      }
      if (value < 0 || value > 0xffffffffL || text.contains("+") || text.contains("-")) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidRuleException(field, "'" + text + "' is not a 32-bit unsigned number");
    }
  }

  private static int integer(String text, String field) {
    if (!Digits.only(text, 9)) {
      throw new InvalidRuleException(field, "'" + text + "' is not a number");
    }
    return Integer.parseInt(text);
  }

  private static double number(String text, String field) {
    if (!isDecimal(text)) {
      throw new InvalidRuleException(field, "'" + text + "' is not a number");
    }
    return Double.parseDouble(text);
  }

  /** Digits with at most one '.', at least one digit, then an optional exponent {@code e[-+]DIGITS}. */
  private static boolean isDecimal(String text) {
    int i = 0;
    int n = text.length();
    int mantissaDigits = 0;
    boolean point = false;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        mantissaDigits++;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (mantissaDigits == 0) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (text.charAt(i) != 'e' && text.charAt(i) != 'E') {
      return false;
    }
    i++;
    if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      i++;
    }
    return i < n && Digits.only(text.substring(i), n - i);
  }

  // ---- errors ----

  private <T> void requireUnset(Negatable<T> field, int at) {
    if (field != null) {
      throw error(at, words.raw(at) + " given twice");
    }
  }

  private void noNegation(boolean negated, int at) {
    if (negated) {
      throw error(at, "'!' cannot negate " + words.raw(at));
    }
  }

  /** The index of the value of the option at {@code at}, which the reading moves past. */
  private int valueIndex(int at) {
    int value = next(at);
    pos += 2;
    return value;
  }

  /** The index of the token after the option at {@code at}, which must exist. */
  private int next(int at) {
    if (pos + 1 >= words.size()) {
      throw error(at, words.raw(at) + " needs a value");
    }
    return pos + 1;
  }

  private IptablesSyntaxException error(int at, String reason) {
    return new IptablesSyntaxException(line, words.column(at), reason);
  }

  /**
   * Puts the words this parser compares tokens with (options, modules, targets) into {@code pool}
   * as the very strings it compares with, so that a token read from a dump is that string and each
   * comparison is decided by identity.
   */
  static void addKeywords(StringPool pool) {
    for (String keyword : List.of("!", "-A", "--append", "-s", "--source", "--src", "-d", "--destination",
        "--dst", "-i", "--in-interface", "-o", "--out-interface", "-p", "--protocol", "-m", "--match", "-j",
        "--jump", "-g", "--goto", "ACCEPT", "DROP", "RETURN", "random", "nth", "tcp", "udp", "sctp")) {
      pool.of(keyword);
    }
    for (Map<String, Map<String, Integer>> specs : List.of(MODULES, TARGETS)) {
      specs.forEach((name, options) -> {
        pool.of(name);
        options.keySet().forEach(pool::of);
      });
    }
  }

  /** Which rule-level option {@code option} is (one switch, not a set lookup per kind), or NOT_RULE_OPTION. */
  private static int ruleOption(String option) {
    return switch (option) {
      case "-s", "--source", "--src" -> SOURCE;
      case "-d", "--destination", "--dst" -> DESTINATION;
      case "-i", "--in-interface" -> IN;
      case "-o", "--out-interface" -> OUT;
      case "-p", "--protocol" -> PROTOCOL;
      case "-m", "--match" -> MATCH;
      case "-j", "--jump" -> JUMP;
      case "-g", "--goto" -> GOTO;
      default -> NOT_RULE_OPTION;
    };
  }

  /** The text with control characters shown as \\uXXXX, for messages. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(60).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
