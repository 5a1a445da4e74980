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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the arguments of one rule (after {@code -A CHAIN}) into a {@link Rule}. Options of known
 * modules and targets are read by their arity; a known module or target with an option the model
 * does not cover is kept verbatim as {@link UnknownMatch} / {@link UnknownTarget}. Errors carry the
 * line and the column of the offending token.
 */
public final class RuleParser {
  private static final Set<String> SOURCE = Set.of("-s", "--source", "--src");
  private static final Set<String> DESTINATION = Set.of("-d", "--destination", "--dst");
  private static final Set<String> IN = Set.of("-i", "--in-interface");
  private static final Set<String> OUT = Set.of("-o", "--out-interface");
  private static final Set<String> PROTOCOL = Set.of("-p", "--protocol");
  private static final Set<String> MATCH = Set.of("-m", "--match");
  private static final Set<String> JUMP = Set.of("-j", "--jump");
  private static final Set<String> GOTO = Set.of("-g", "--goto");
  private static final Set<String> BOUNDARY = union(SOURCE, DESTINATION, IN, OUT, PROTOCOL, MATCH, JUMP, GOTO);

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
  private final List<Token> tokens;
  private final int line;
  private final Shared shared;
  private int pos;

  private Negatable<Cidr> source;
  private Negatable<Cidr> destination;
  private Negatable<String> inInterface;
  private Negatable<String> outInterface;
  private Negatable<Protocol> protocol;
  private boolean protocolSeen;
  private final List<Match> matches = new ArrayList<>();
  private Target target;

  private RuleParser(IpFamily family, List<Token> tokens, int line, Shared shared) {
    this.family = family;
    this.tokens = tokens;
    this.line = line;
    this.shared = shared;
  }

  /**
   * Values that rules of one rule set share, made once: the same address, jump target or comment
   * read again is the same immutable object. A kube-proxy dump names each address, chain and
   * comment on several lines; sharing keeps the model small and the parse's allocation low.
   */
  public static final class Shared {
    private final java.util.HashMap<String, Negatable<Cidr>> addresses = new java.util.HashMap<>();
    private final java.util.HashMap<String, Negatable<Cidr>> negatedAddresses = new java.util.HashMap<>();
    private final java.util.HashMap<String, Jump> jumps = new java.util.HashMap<>();
    private final java.util.HashMap<String, CommentMatch> comments = new java.util.HashMap<>();
  }

  /** Parses {@code tokens} (the rule's arguments) of line {@code line}. */
  public static Rule parse(List<Token> tokens, IpFamily family, int line, Counters counters) {
    return parse(tokens, family, line, counters, new Shared());
  }

  /** As {@link #parse(List, IpFamily, int, Counters)}, sharing values with the other rules of {@code shared}. */
  public static Rule parse(List<Token> tokens, IpFamily family, int line, Counters counters, Shared shared) {
    RuleParser parser = new RuleParser(family, tokens, line, shared);
    parser.parse();
    int column = tokens.isEmpty() ? 1 : tokens.get(0).column();
    return parser.guard(column, () -> new Rule(parser.source, parser.destination, parser.inInterface,
        parser.outInterface, parser.protocol, parser.matches, parser.target, counters));
  }

  private void parse() {
    while (pos < tokens.size()) {
      Token token = tokens.get(pos);
      final boolean negated = token.raw().equals("!");
      if (negated) {
        pos++;
        if (pos >= tokens.size()) {
          throw error(token, "'!' at the end of the rule");
        }
        token = tokens.get(pos);
      }
      String option = token.raw();
      if (SOURCE.contains(option)) {
        requireUnset(source, token);
        source = address(valueToken(token), negated);
      } else if (DESTINATION.contains(option)) {
        requireUnset(destination, token);
        destination = address(valueToken(token), negated);
      } else if (IN.contains(option)) {
        requireUnset(inInterface, token);
        inInterface = new Negatable<>(value(token), negated);
      } else if (OUT.contains(option)) {
        requireUnset(outInterface, token);
        outInterface = new Negatable<>(value(token), negated);
      } else if (PROTOCOL.contains(option)) {
        if (protocolSeen) {
          throw error(token, "-p given twice");
        }
        protocolSeen = true;
        Token valueToken = valueToken(token);
        String text = valueToken.value().toLowerCase(Locale.ROOT);
        if (!text.equals("all") && !text.equals("0")) {
          protocol = guard(valueToken.column(), () -> new Negatable<>(Protocol.parse(text), negated));
        }
      } else if (MATCH.contains(option)) {
        noNegation(negated, token);
        Token module = next(token);
        pos += 2;
        matches.add(module(module));
      } else if (JUMP.contains(option) || GOTO.contains(option)) {
        noNegation(negated, token);
        if (target != null) {
          throw error(token, "a rule has one target");
        }
        Token name = next(token);
        pos += 2;
        target = GOTO.contains(option)
            ? guard(name.column(), () -> new Goto(ChainName.of(name.value())))
            : target(name);
      } else if (PORT_OPTIONS.containsKey(option) && protocol != null && protocol.value().hasPorts()) {
        // "-p tcp --dport 80": iptables loads the protocol's match implicitly.
        pos -= negated ? 1 : 0;
        Token implicit = new Token(protocol.value().toString(), protocol.value().toString(), token.column());
        Match ports = module(implicit);
        if (!mergeIntoEarlierPortMatch(ports, token)) {
          matches.add(ports);
        }
      } else if (protocol != null && !protocol.negated() && implicitIcmp(protocol.value(), option) != null) {
        // "-p icmp --icmp-type 8": iptables loads the icmp (icmp6) match implicitly.
        pos -= negated ? 1 : 0;
        String module = implicitIcmp(protocol.value(), option);
        matches.add(module(new Token(module, module, token.column())));
      } else {
        throw error(token, "unexpected '" + printable(token.raw()) + "'");
      }
    }
  }

  private Negatable<Cidr> address(Token text, boolean negated) {
    java.util.HashMap<String, Negatable<Cidr>> known = negated ? shared.negatedAddresses : shared.addresses;
    Negatable<Cidr> address = known.get(text.value());
    if (address == null) {
      address = guard(text.column(), () -> new Negatable<>(Cidr.parse(text.value(), family), negated));
      known.put(text.value(), address);
    }
    return address;
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
  private boolean mergeIntoEarlierPortMatch(Match implicit, Token at) {
    if (!(implicit instanceof PortMatch late)) {
      return false;
    }
    for (int i = matches.size() - 1; i >= 0; i--) {
      if (matches.get(i) instanceof PortMatch early && early.protocol().equals(late.protocol())) {
        if ((early.sourcePorts() != null && late.sourcePorts() != null)
            || (early.destinationPorts() != null && late.destinationPorts() != null)) {
          throw error(at, "port option given twice for -m " + early.module());
        }
        matches.set(i, guard(at.column(), () -> new PortMatch(early.protocol(),
            early.sourcePorts() != null ? early.sourcePorts() : late.sourcePorts(),
            early.destinationPorts() != null ? early.destinationPorts() : late.destinationPorts())));
        return true;
      }
    }
    return false;
  }

  /** One option of a module or target as read: its token, negation and values. */
  private record Option(Token token, boolean negated, List<Token> values) {
    String name() {
      return token.raw();
    }

    String value() {
      return values.get(0).value();
    }
  }

  /**
   * The options of one module or target by name: a linear scan over the one to three options a
   * module has, cheaper than a map built for every match of every rule. Names are unique (a
   * repeated option is an error before this is built).
   */
  private record Options(List<Option> all) {
    Option get(String name) {
      for (Option option : all) {
        if (option.name().equals(name)) {
          return option;
        }
      }
      return null;
    }

    boolean containsKey(String name) {
      return get(name) != null;
    }
  }

  /** Thrown while building a typed match or target that the model does not cover. */
  private static final class Unmodeled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unmodeled() {
      super(null, null, false, false);
    }
  }

  /** Reads the options of a known module or target; null if one of them is not in {@code spec}. */
  private List<Option> options(Map<String, Integer> spec) {
    List<Option> options = new ArrayList<>();
    while (pos < tokens.size()) {
      Token token = tokens.get(pos);
      boolean negated = token.raw().equals("!");
      Token option = negated ? (pos + 1 < tokens.size() ? tokens.get(pos + 1) : null) : token;
      if (option == null) {
        throw error(token, "'!' at the end of the rule");
      }
      Integer arity = spec.get(option.raw());
      if (arity == null) {
        if (BOUNDARY.contains(option.raw())) {
          return options;
        }
        return null;
      }
      pos += negated ? 2 : 1;
      if (pos + arity > tokens.size()) {
        throw error(option, option.raw() + " needs a value");
      }
      List<Token> values = arity == 0 ? List.of() : tokens.subList(pos, pos + arity);
      pos += arity;
      for (Option seen : options) {
        if (seen.name().equals(option.raw())) {
          throw error(option, option.raw() + " given twice");
        }
      }
      options.add(new Option(option, negated, values));
    }
    return options;
  }

  /** Everything up to the next rule-level option, verbatim. */
  private List<String> verbatim() {
    List<String> arguments = new ArrayList<>();
    while (pos < tokens.size()) {
      Token token = tokens.get(pos);
      if (BOUNDARY.contains(token.raw())) {
        break;
      }
      if (token.raw().equals("!") && pos + 1 < tokens.size() && BOUNDARY.contains(tokens.get(pos + 1).raw())) {
        break;
      }
      arguments.add(token.raw());
      pos++;
    }
    return arguments;
  }

  private Match module(Token module) {
    String name = module.value();
    Map<String, Integer> spec = MODULES.get(name);
    int start = pos;
    if (spec != null) {
      List<Option> options = options(spec);
      if (options != null) {
        try {
          return guard(module.column(), () -> typedMatch(name, options));
        } catch (Unmodeled e) {
          // fall through to verbatim
        }
      }
    }
    pos = start;
    List<String> arguments = verbatim();
    return guard(module.column(), () -> new UnknownMatch(name, arguments));
  }

  private Match typedMatch(String module, List<Option> options) {
    Options byName = new Options(options);
    switch (module) {
      case "comment": {
        Option comment = required(byName, "--comment", module);
        notNegated(comment);
        CommentMatch match = shared.comments.get(comment.value());
        if (match == null) {
          match = new CommentMatch(comment.value());
          shared.comments.put(comment.value(), match);
        }
        return match;
      }
      case "tcp":
      case "udp":
      case "sctp": {
        Option sport = first(byName, "--sport", "--source-port");
        Option dport = first(byName, "--dport", "--destination-port");
        Protocol portProtocol = Protocol.parse(module);
        return new PortMatch(portProtocol, ports(sport, portProtocol), ports(dport, portProtocol));
      }
      case "multiport": {
        if (options.size() != 1) {
          throw new InvalidRuleException("multiport", "takes exactly one of --sports, --dports, --ports");
        }
        Option option = options.get(0);
        MultiportMatch.Direction direction = switch (option.name()) {
          case "--sports", "--source-ports" -> MultiportMatch.Direction.SOURCE;
          case "--dports", "--destination-ports" -> MultiportMatch.Direction.DESTINATION;
          default -> MultiportMatch.Direction.EITHER;
        };
        Protocol portProtocol = protocol == null || protocol.negated() ? null : protocol.value();
        List<PortRange> ports = Arrays.stream(option.value().split(",", -1))
            .map(text -> PortRange.parse(text, portProtocol)).toList();
        return new MultiportMatch(direction, ports, option.negated());
      }
      case "mark": {
        Option mark = required(byName, "--mark", module);
        long[] valueMask = valueMask(mark.value(), 0xffffffffL);
        return new MarkMatch(valueMask[0], valueMask[1], mark.negated());
      }
      case "conntrack": {
        Option state = required(byName, "--ctstate", module);
        EnumSet<ConntrackMatch.State> states = EnumSet.noneOf(ConntrackMatch.State.class);
        for (String s : state.value().split(",", -1)) {
          try {
            states.add(ConntrackMatch.State.valueOf(s));
          } catch (IllegalArgumentException e) {
            throw new InvalidRuleException("ctstate", "unknown state '" + s + "'");
          }
        }
        return new ConntrackMatch(states, state.negated());
      }
      case "addrtype":
        return new AddrTypeMatch(addressType(byName.get("--src-type")), addressType(byName.get("--dst-type")),
            byName.containsKey("--limit-iface-in"), byName.containsKey("--limit-iface-out"));
      case "statistic":
        return statistic(byName);
      case "recent":
        return recent(byName);
      case "physdev":
        return new PhysdevMatch(flag(byName.get("--physdev-is-in")), name(byName.get("--physdev-in")),
            flag(byName.get("--physdev-is-out")), name(byName.get("--physdev-out")),
            flag(byName.get("--physdev-is-bridged")));
      case "set": {
        Option set = required(byName, "--match-set", module);
        List<SetMatch.Direction> directions = new ArrayList<>();
        for (String d : set.values().get(1).value().split(",", -1)) {
          if (!d.equals("src") && !d.equals("dst")) {
            throw new InvalidRuleException("match-set", "direction must be src or dst, got '" + d + "'");
          }
          directions.add(SetMatch.Direction.valueOf(d.toUpperCase(Locale.ROOT)));
        }
        return new SetMatch(set.value(), directions, set.negated());
      }
      case "icmp":
      case "icmp6": {
        Option type = required(byName, module.equals("icmp") ? "--icmp-type" : "--icmpv6-type", module);
        return IcmpTypeMatch.parse(module.equals("icmp") ? IpFamily.IPV4 : IpFamily.IPV6, type.value(),
            type.negated());
      }
      default:
        throw new Unmodeled();
    }
  }

  private StatisticMatch statistic(Options byName) {
    Option mode = required(byName, "--mode", "statistic");
    notNegated(mode);
    if (mode.value().equals("random")) {
      Option probability = required(byName, "--probability", "statistic");
      if (byName.containsKey("--every") || byName.containsKey("--packet")) {
        throw new InvalidRuleException("statistic", "random mode takes no --every/--packet");
      }
      double p = number(probability.value(), "probability");
      if (!(p >= 0 && p <= 1)) {
        throw new InvalidRuleException("probability", "must be between 0 and 1, got " + p);
      }
      return new StatisticMatch(StatisticMatch.Mode.RANDOM, Math.round(p * StatisticMatch.ONE), 0, 0,
          probability.negated());
    }
    if (mode.value().equals("nth")) {
      Option every = required(byName, "--every", "statistic");
      Option packet = byName.get("--packet");
      if (byName.containsKey("--probability")) {
        throw new InvalidRuleException("statistic", "nth mode takes no --probability");
      }
      require(packet != null, "packet", "--every also requires --packet");
      notNegated(packet);
      return new StatisticMatch(StatisticMatch.Mode.NTH, 0, integer(every.value(), "every") ,
          integer(packet.value(), "packet"), every.negated());
    }
    throw new InvalidRuleException("mode", "must be random or nth, got '" + mode.value() + "'");
  }

  private RecentMatch recent(Options byName) {
    RecentMatch.Command command = null;
    boolean negated = false;
    for (RecentMatch.Command c : RecentMatch.Command.values()) {
      Option option = byName.get(c.option());
      if (option != null) {
        require(command == null, "recent", "takes one of --set, --rcheck, --update, --remove");
        command = c;
        negated = option.negated();
      }
    }
    require(command != null, "recent", "needs --set, --rcheck, --update or --remove");
    for (String option : List.of("--seconds", "--reap", "--hitcount", "--rttl", "--name", "--mask",
        "--rsource", "--rdest")) {
      if (byName.containsKey(option)) {
        notNegated(byName.get(option));
      }
    }
    require(!(byName.containsKey("--rsource") && byName.containsKey("--rdest")),
        "side", "--rsource and --rdest exclude each other");
    Option seconds = byName.get("--seconds");
    Option hitcount = byName.get("--hitcount");
    Option name = byName.get("--name");
    Option mask = byName.get("--mask");
    InetAddress maskAddress = mask == null ? null : AddressText.parse(mask.value(), family, "mask");
    if (maskAddress != null && allOnes(maskAddress)) {
      maskAddress = null;
    }
    return new RecentMatch(command, negated, seconds == null ? null : integer(seconds.value(), "seconds"),
        byName.containsKey("--reap"), hitcount == null ? null : integer(hitcount.value(), "hitcount"),
        byName.containsKey("--rttl"), name == null ? RecentMatch.DEFAULT_NAME : name.value(), maskAddress,
        byName.containsKey("--rdest") ? RecentMatch.Side.DESTINATION : RecentMatch.Side.SOURCE);
  }

  private Target target(Token name) {
    String targetName = name.value();
    if (targetName.equals("ACCEPT") || targetName.equals("DROP") || targetName.equals("RETURN")) {
      return Verdict.valueOf(targetName);
    }
    Map<String, Integer> spec = TARGETS.get(targetName);
    int start = pos;
    if (spec != null) {
      List<Option> options = options(spec);
      if (options != null) {
        try {
          return guard(name.column(), () -> typedTarget(targetName, options));
        } catch (Unmodeled e) {
          // fall through to verbatim
        }
      }
    }
    pos = start;
    List<String> arguments = verbatim();
    if (arguments.isEmpty() && spec == null) {
      Jump jump = shared.jumps.get(targetName);
      if (jump == null) {
        jump = guard(name.column(), () -> new Jump(ChainName.of(targetName)));
        shared.jumps.put(targetName, jump);
      }
      return jump;
    }
    return guard(name.column(), () -> new UnknownTarget(targetName, arguments));
  }

  private Target typedTarget(String name, List<Option> options) {
    Options byName = new Options(options);
    for (Option option : options) {
      notNegated(option);
    }
    switch (name) {
      case "REJECT": {
        Option with = byName.get("--reject-with");
        if (with == null) {
          return Reject.portUnreachable(family);
        }
        String type = with.value().equals("tcp-rst") ? "tcp-reset" : with.value();
        Reject reject = new Reject(type);
        require(reject.appliesTo(family), "reject-with",
            type + " is not an " + family + " type");
        return reject;
      }
      case "DNAT":
        return new Dnat(NatRange.parse(required(byName, "--to-destination", name).value(), family),
            byName.containsKey("--random"), byName.containsKey("--persistent"));
      case "SNAT":
        return new Snat(NatRange.parse(required(byName, "--to-source", name).value(), family),
            byName.containsKey("--random"), byName.containsKey("--random-fully"),
            byName.containsKey("--persistent"));
      case "MASQUERADE": {
        Option ports = byName.get("--to-ports");
        return new Masquerade(ports == null ? null : PortRange.parse(ports.value().replace('-', ':')),
            byName.containsKey("--random"), byName.containsKey("--random-fully"));
      }
      case "MARK": {
        require(options.size() == 1, "MARK", "takes exactly one option");
        Option option = options.get(0);
        return switch (option.name()) {
          case "--set-xmark" -> {
            long[] vm = valueMask(option.value(), 0xffffffffL);
            yield new MarkTarget(vm[0], vm[1]);
          }
          case "--set-mark" -> {
            long[] vm = valueMask(option.value(), 0xffffffffL);
            yield new MarkTarget(vm[0], vm[0] | vm[1]);
          }
          case "--or-mark" -> MarkTarget.orMark(u32(option.value(), "mark"));
          case "--xor-mark" -> MarkTarget.xorMark(u32(option.value(), "mark"));
          default -> MarkTarget.andMark(u32(option.value(), "mark"));
        };
      }
      case "CONNMARK":
        return connmark(byName);
      case "LOG": {
        Option prefix = byName.get("--log-prefix");
        Option level = byName.get("--log-level");
        int levelValue = LogTarget.DEFAULT_LEVEL;
        if (level != null) {
          int named = LOG_LEVELS.indexOf(level.value().equals("panic") ? "emerg" : level.value());
          levelValue = named >= 0 ? named : integer(level.value(), "log-level");
        }
        return new LogTarget(prefix == null ? null : prefix.value(), levelValue);
      }
      case "NOTRACK":
        return new Notrack();
      default:
        throw new Unmodeled();
    }
  }

  private ConnmarkTarget connmark(Options byName) {
    Option setXmark = byName.get("--set-xmark");
    Option setMark = byName.get("--set-mark");
    boolean save = byName.containsKey("--save-mark");
    boolean restore = byName.containsKey("--restore-mark");
    int modes = (setXmark != null ? 1 : 0) + (setMark != null ? 1 : 0) + (save ? 1 : 0) + (restore ? 1 : 0);
    require(modes == 1, "CONNMARK",
        "takes one of --set-xmark, --set-mark, --save-mark, --restore-mark");
    if (setXmark != null || setMark != null) {
      if (byName.containsKey("--nfmask") || byName.containsKey("--ctmask") || byName.containsKey("--mask")) {
        throw new Unmodeled();
      }
      long[] vm = valueMask((setXmark != null ? setXmark : setMark).value(), 0xffffffffL);
      return ConnmarkTarget.setXmark(vm[0], setXmark != null ? vm[1] : vm[0] | vm[1]);
    }
    Option mask = byName.get("--mask");
    Option nfmask = byName.get("--nfmask");
    Option ctmask = byName.get("--ctmask");
    long common = mask == null ? 0xffffffffL : u32(mask.value(), "mask");
    return new ConnmarkTarget(save ? ConnmarkTarget.Mode.SAVE_MARK : ConnmarkTarget.Mode.RESTORE_MARK, 0, 0,
        nfmask == null ? common : u32(nfmask.value(), "nfmask"),
        ctmask == null ? common : u32(ctmask.value(), "ctmask"));
  }

  // ---- small readers ----

  private static void require(boolean condition, String field, String reason) {
    if (!condition) {
      throw new InvalidRuleException(field, reason);
    }
  }

  private static Option required(Options byName, String option, String module) {
    Option found = byName.get(option);
    if (found == null) {
      throw new InvalidRuleException(module, "needs " + option);
    }
    return found;
  }

  private static Option first(Options byName, String a, String b) {
    if (byName.containsKey(a) && byName.containsKey(b)) {
      throw new InvalidRuleException(a, a + " and " + b + " are the same option");
    }
    return byName.containsKey(a) ? byName.get(a) : byName.get(b);
  }

  private static void notNegated(Option option) {
    if (option != null && option.negated()) {
      throw new InvalidRuleException(option.name(), "cannot be negated");
    }
  }

  private static Negatable<PortRange> ports(Option option, Protocol protocol) {
    return option == null ? null : new Negatable<>(PortRange.parse(option.value(), protocol), option.negated());
  }

  private static Negatable<AddrTypeMatch.AddressType> addressType(Option option) {
    if (option == null) {
      return null;
    }
    if (option.value().contains(",")) {
      throw new Unmodeled();
    }
    try {
      return new Negatable<>(AddrTypeMatch.AddressType.valueOf(option.value()), option.negated());
    } catch (IllegalArgumentException e) {
      throw new InvalidRuleException(option.name(), "unknown address type '" + option.value() + "'");
    }
  }

  private static Boolean flag(Option option) {
    return option == null ? null : option.negated();
  }

  private static Negatable<String> name(Option option) {
    return option == null ? null : new Negatable<>(option.value(), option.negated());
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

  private <T> void requireUnset(Negatable<T> field, Token token) {
    if (field != null) {
      throw error(token, token.raw() + " given twice");
    }
  }

  private void noNegation(boolean negated, Token token) {
    if (negated) {
      throw error(token, "'!' cannot negate " + token.raw());
    }
  }

  private String value(Token option) {
    return valueToken(option).value();
  }

  private Token valueToken(Token option) {
    Token value = next(option);
    pos += 2;
    return value;
  }

  private Token next(Token option) {
    if (pos + 1 >= tokens.size()) {
      throw error(option, option.raw() + " needs a value");
    }
    return tokens.get(pos + 1);
  }

  private IptablesSyntaxException error(Token token, String reason) {
    return new IptablesSyntaxException(line, token.column(), reason);
  }

  private <T> T guard(int column, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, column, e.getMessage());
    }
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    java.util.HashSet<String> all = new java.util.HashSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return Set.copyOf(all);
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
