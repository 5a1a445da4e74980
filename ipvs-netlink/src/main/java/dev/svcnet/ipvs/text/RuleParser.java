package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One line of a rule file, read the way ipvsadm 1.31's parse_options() and process_options()
 * read a command line: the command first, options in order (later ones see what earlier ones
 * set, e.g. {@code -M} reads an IPv6 prefix only after an IPv6 service or {@code -6}), the
 * commands_v_options table for which options a command takes, then the same defaults and
 * cross-checks. Messages are ipvsadm's where it has one.
 */
final class RuleParser {

  /** The ipvsadm commands a rule file may hold. */
  private enum Command {
    ADD("add-service"), EDIT("edit-service"), DEL("delete-service"), FLUSH("flush"),
    ADDDEST("add-server"), EDITDEST("edit-server"), DELDEST("delete-server");

    final String ipvsadmName;

    Command(String ipvsadmName) {
      this.ipvsadmName = ipvsadmName;
    }
  }

  /** ipvsadm's options (OPTC_*), with the names its messages use. */
  private enum Option {
    NUMERIC("numeric", false), SERVICE("service-address", true), SCHEDULER("scheduler", true),
    PERSISTENT("persistent", true), NETMASK("netmask", true), SERVER("real-server", true),
    FORWARD("forwarding-method", false), WEIGHT("weight", true),
    UTHRESHOLD("u-threshold", true), LTHRESHOLD("l-threshold", true),
    ONEPACKET("ops", false), PE("pe", true), SCHED_FLAGS("sched-flags", true),
    TUN_TYPE("tun-type", true), TUN_PORT("tun-port", true), TUN_NOCSUM("tun-nocsum", false),
    TUN_CSUM("tun-csum", false), TUN_REMCSUM("tun-remcsum", false),
    /** Listing and daemon options: known to ipvsadm, illegal with every rule command. */
    OTHER("", false);

    final String ipvsadmName;
    final boolean takesValue;

    Option(String ipvsadmName, boolean takesValue) {
      this.ipvsadmName = ipvsadmName;
      this.takesValue = takesValue;
    }
  }

  private static final Map<Command, Set<Option>> REQUIRED = new EnumMap<>(Map.of(
      Command.ADD, EnumSet.of(Option.SERVICE),
      Command.EDIT, EnumSet.of(Option.SERVICE),
      Command.DEL, EnumSet.of(Option.SERVICE),
      Command.FLUSH, EnumSet.noneOf(Option.class),
      Command.ADDDEST, EnumSet.of(Option.SERVICE, Option.SERVER),
      Command.EDITDEST, EnumSet.of(Option.SERVICE, Option.SERVER),
      Command.DELDEST, EnumSet.of(Option.SERVICE, Option.SERVER)));

  private static final Set<Option> SERVICE_OPTIONS = EnumSet.of(Option.SCHEDULER,
      Option.PERSISTENT, Option.NETMASK, Option.ONEPACKET, Option.PE, Option.SCHED_FLAGS);
  private static final Set<Option> SERVER_OPTIONS = EnumSet.of(Option.FORWARD, Option.WEIGHT,
      Option.UTHRESHOLD, Option.LTHRESHOLD, Option.TUN_TYPE, Option.TUN_PORT, Option.TUN_NOCSUM,
      Option.TUN_CSUM, Option.TUN_REMCSUM);
  private static final Set<Option> TUNNEL_OPTIONS = EnumSet.of(Option.TUN_TYPE, Option.TUN_PORT,
      Option.TUN_NOCSUM, Option.TUN_CSUM, Option.TUN_REMCSUM);

  private final int line;
  private final List<String> tokens;
  private int next;

  private Command command;
  private final Map<Option, String> seen = new EnumMap<>(Option.class);
  // ipvs_service_t / ipvs_dest_t as ipvsadm fills them, defaults from process_options()
  private Protocol protocol;
  private boolean ipv6;
  private InetAddress serviceAddress;
  private int servicePort;
  private long fwmark;
  private String scheduler = "";
  private final Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
  private int timeout;
  private int netmaskPrefix = 32;
  private String persistenceEngine;
  private String schedFlagsArgument = "";
  private InetAddress serverAddress;
  private int serverPort;
  private ForwardingMethod forwarding = ForwardingMethod.ROUTE;
  private int weight = 1;
  private long upperThreshold;
  private long lowerThreshold;
  private Tunnel.Type tunnelType = Tunnel.Type.IPIP;
  private int tunnelPort;
  private Tunnel.Checksum checksum = Tunnel.Checksum.NOCSUM;

  RuleParser(int line, List<String> tokens) {
    this.line = line;
    this.tokens = tokens;
  }

  IpvsadmRules.Rule parse() throws IpvsadmRuleException {
    String first = tokens.get(0);
    command = command(first);
    next = 1;
    while (next < tokens.size()) {
      option(tokens.get(next++));
    }
    checkCombination();
    IpvsOperation operation = build();
    return new IpvsadmRules.Rule(line, String.join(" ", tokens), operation);
  }

  private IpvsadmRuleException error(String token, String reason) {
    return new IpvsadmRuleException(line, token, reason);
  }

  private Command command(String token) throws IpvsadmRuleException {
    switch (token) {
      case "-A", "--add-service": return Command.ADD;
      case "-E", "--edit-service": return Command.EDIT;
      case "-D", "--delete-service": return Command.DEL;
      case "-C", "--clear": return Command.FLUSH;
      case "-a", "--add-server": return Command.ADDDEST;
      case "-e", "--edit-server": return Command.EDITDEST;
      case "-d", "--delete-server": return Command.DELDEST;
      case "-L", "-l", "--list", "-Z", "--zero", "--set", "-R", "--restore", "-S", "--save",
          "--start-daemon", "--stop-daemon", "-h", "--help", "-v", "--version":
        throw error(token, "this ipvsadm command is not supported in a rule file (only -A, -E,"
            + " -D, -a, -e, -d and -C)");
      default:
        throw error(token, "expected an ipvsadm command (-A, -E, -D, -a, -e, -d or -C)");
    }
  }

  private static Option optionOf(String name) {
    return switch (name) {
      case "-t", "--tcp-service", "-u", "--udp-service", "--sctp-service", "-f",
          "--fwmark-service" -> Option.SERVICE;
      case "-s", "--scheduler" -> Option.SCHEDULER;
      case "-p", "--persistent" -> Option.PERSISTENT;
      case "-M", "--netmask" -> Option.NETMASK;
      case "-r", "--real-server" -> Option.SERVER;
      case "-m", "--masquerading", "-i", "--ipip", "-g", "--gatewaying" -> Option.FORWARD;
      case "-w", "--weight" -> Option.WEIGHT;
      case "-x", "--u-threshold" -> Option.UTHRESHOLD;
      case "-y", "--l-threshold" -> Option.LTHRESHOLD;
      case "-o", "--ops" -> Option.ONEPACKET;
      case "--pe" -> Option.PE;
      case "-b", "--sched-flags" -> Option.SCHED_FLAGS;
      case "--tun-type" -> Option.TUN_TYPE;
      case "--tun-port" -> Option.TUN_PORT;
      case "--tun-nocsum" -> Option.TUN_NOCSUM;
      case "--tun-csum" -> Option.TUN_CSUM;
      case "--tun-remcsum" -> Option.TUN_REMCSUM;
      case "-n", "--numeric" -> Option.NUMERIC;
      case "-c", "--connection", "--timeout", "--daemon", "--stats", "--rate", "--thresholds",
          "--persistent-conn", "--nosort", "--sort", "-X", "--exact", "--tun-info",
          "--mcast-interface", "--syncid", "--mcast-group", "--mcast-port", "--mcast-ttl",
          "--sync-maxlen" -> Option.OTHER;
      default -> null;
    };
  }

  private void option(String token) throws IpvsadmRuleException {
    if (token.equals("-6") || token.equals("--ipv6")) {
      if (fwmark == 0) {
        throw error(token, "-6 used before -f");
      }
      ipv6 = true;
      netmaskPrefix = 128;
      return;
    }
    String name = token;
    String value = null;
    if (token.startsWith("--") && token.contains("=")) {
      name = token.substring(0, token.indexOf('='));
      value = token.substring(token.indexOf('=') + 1);
    } else if (!token.startsWith("--") && token.length() > 2 && token.startsWith("-")) {
      name = token.substring(0, 2); // -w5: popt's attached short-option argument
      value = token.substring(2);
    }
    Option option = optionOf(name);
    if (option == null) {
      throw error(token, "invalid option `" + token + "'");
    }
    if (option == Option.OTHER) {
      throw error(token, "Illegal '" + name.replaceFirst("^-+", "") + "' option with the '"
          + command.ipvsadmName + "' command");
    }
    if (value != null && !option.takesValue) {
      throw error(token, "option " + name + " takes no value");
    }
    if (value == null && option.takesValue) {
      if (option == Option.PERSISTENT) {
        // POPT_ARGFLAG_OPTIONAL: the next token is the timeout unless it looks like an option
        if (next < tokens.size() && !tokens.get(next).startsWith("-")) {
          value = tokens.get(next++);
        }
      } else if (next < tokens.size()) {
        value = tokens.get(next++);
      } else {
        throw error(token, "option " + name + " needs a value");
      }
    }
    if (seen.containsKey(option)) {
      throw error(token, "multiple '" + option.ipvsadmName + "' options specified");
    }
    seen.put(option, value == null ? token : token + (token.equals(name) ? " " + value : ""));
    apply(option, name, value, token);
  }

  private void apply(Option option, String name, String value, String token)
      throws IpvsadmRuleException {
    switch (option) {
      case SERVICE -> service(name, value);
      case SCHEDULER -> scheduler = value;
      case PERSISTENT -> {
        flags.add(ServiceFlag.PERSISTENT);
        if (value == null) {
          timeout = 360; // IPVS_SVC_PERSISTENT_TIMEOUT
        } else {
          timeout = (int) number(value, 1, 86400 * 31, "invalid timeout value `" + value
              + "' specified");
        }
      }
      case NETMASK -> netmask(value);
      case SERVER -> server(value);
      case FORWARD -> forwarding = switch (name) {
        case "-m", "--masquerading" -> ForwardingMethod.MASQ;
        case "-i", "--ipip" -> ForwardingMethod.TUNNEL;
        default -> ForwardingMethod.ROUTE;
      };
      case WEIGHT -> weight = (int) number(value, 0, 65535, "illegal weight specified");
      case UTHRESHOLD -> upperThreshold = number(value, 0, Integer.MAX_VALUE,
          "illegal u_threshold specified");
      case LTHRESHOLD -> lowerThreshold = number(value, 0, Integer.MAX_VALUE,
          "illegal l_threshold specified");
      case ONEPACKET -> flags.add(ServiceFlag.ONE_PACKET);
      case PE -> persistenceEngine = value;
      case SCHED_FLAGS -> schedFlagsArgument = value;
      case TUN_TYPE -> tunnelType = switch (value) {
        case "ipip" -> Tunnel.Type.IPIP;
        case "gue" -> Tunnel.Type.GUE;
        case "gre" -> Tunnel.Type.GRE;
        default -> throw error(value, "illegal tunnel type specified");
      };
      case TUN_PORT -> tunnelPort = (int) number(value, 1, 65535, "illegal tunnel port specified");
      case TUN_NOCSUM -> checksum = Tunnel.Checksum.NOCSUM;
      case TUN_CSUM -> checksum = Tunnel.Checksum.CSUM;
      case TUN_REMCSUM -> checksum = Tunnel.Checksum.REMCSUM;
      case NUMERIC -> throw error(token, "Illegal 'numeric' option with the '"
          + command.ipvsadmName + "' command");
      default -> throw new IllegalStateException(option.name());
    }
  }

  private long number(String value, long min, long max, String reason)
      throws IpvsadmRuleException {
    OptionalLong number = CParse.wholeNumber(value, min, max);
    if (number.isEmpty()) {
      throw error(value, reason);
    }
    return number.getAsLong();
  }

  private void service(String name, String value) throws IpvsadmRuleException {
    if (name.equals("-f") || name.equals("--fwmark-service")) {
      // parse_fwmark(): strtol over the whole token, 1..UINT_MAX. Also -2^31..-1, which is how
      // ipvsadm 1.31 -S writes marks of 2^31 and above (it cannot read them back itself).
      fwmark = number(value, Integer.MIN_VALUE, 0xFFFFFFFFL, "invalid fwmark value `" + value
          + "' specified");
      if (fwmark == 0) {
        throw error(value, "invalid fwmark value `" + value + "' specified");
      }
      fwmark &= 0xFFFFFFFFL;
      ipv6 = false;
      protocol = Protocol.TCP;
      return;
    }
    protocol = switch (name) {
      case "-t", "--tcp-service" -> Protocol.TCP;
      case "-u", "--udp-service" -> Protocol.UDP;
      default -> Protocol.SCTP;
    };
    Endpoint endpoint = endpoint(value, "illegal virtual server address[:port] specified");
    serviceAddress = endpoint.address;
    ipv6 = endpoint.address instanceof Inet6Address;
    if (ipv6) {
      netmaskPrefix = 128;
    }
    if (endpoint.port >= 0) {
      servicePort = endpoint.port;
    }
  }

  private void server(String value) throws IpvsadmRuleException {
    Endpoint endpoint = endpoint(value, "illegal real server address[:port] specified");
    serverAddress = endpoint.address;
    // "copy vport to dport if not specified", with the service port known so far
    serverPort = endpoint.port >= 0 ? endpoint.port : servicePort;
  }

  private void netmask(String value) throws IpvsadmRuleException {
    if (!ipv6) {
      byte[] mask = CParse.inetAton(value);
      if (mask == null) {
        throw error(value, "illegal virtual server persistent mask specified");
      }
      int bits = ((mask[0] & 0xFF) << 24) | ((mask[1] & 0xFF) << 16) | ((mask[2] & 0xFF) << 8)
          | (mask[3] & 0xFF);
      int prefix = Integer.bitCount(bits);
      if (bits != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
        throw error(value, "persistent mask must be contiguous (a prefix); svcnet does not model"
            + " other masks");
      }
      netmaskPrefix = prefix;
    } else {
      int prefix = CParse.atoi(value).getAsInt();
      if (prefix < 1 || prefix > 128) {
        throw error(value, "illegal ipv6 netmask specified");
      }
      netmaskPrefix = prefix;
    }
  }

  private record Endpoint(InetAddress address, int port) {}

  /**
   * parse_service(): {@code [v6]:port}, a bare IPv6 address (no port), or an IPv4 address in
   * inet_aton form with an optional {@code :port}. Ports are numeric (0..65535); host and
   * service names are not resolved.
   */
  private Endpoint endpoint(String value, String reason) throws IpvsadmRuleException {
    if (value.chars().allMatch(Character::isDigit)) {
      throw error(value, reason);
    }
    String host = value;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
        throw error(value, reason);
      }
      host = value.substring(1, close);
      port = value.substring(close + 2);
      if (CParse.inetPton6(host) == null) {
        throw error(value, reason + ": only IPv6 addresses go in brackets");
      }
    }
    byte[] v6 = CParse.inetPton6(host);
    try {
      if (v6 != null) {
        return new Endpoint(Inet6Address.getByAddress(null, v6, -1), port(port, value, reason));
      }
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        port = host.substring(colon + 1);
        host = host.substring(0, colon);
      }
      byte[] v4 = CParse.inetAton(host);
      if (v4 == null) {
        throw error(value, reason + ": not a numeric address (host names are not resolved)");
      }
      return new Endpoint(InetAddress.getByAddress(v4), port(port, value, reason));
    } catch (UnknownHostException e) {
      throw error(value, reason);
    }
  }

  private int port(String port, String value, String reason) throws IpvsadmRuleException {
    if (port == null) {
      return -1;
    }
    OptionalLong number = CParse.wholeNumber(port, 0, 65535);
    if (number.isEmpty()) {
      throw error(value, reason + ": the port must be a number 0..65535 (service names are not"
          + " resolved)");
    }
    return (int) number.getAsLong();
  }

  /** generic_opt_check() with the commands_v_options table, then process_options()'s checks. */
  private void checkCombination() throws IpvsadmRuleException {
    Set<Option> allowed = EnumSet.copyOf(REQUIRED.get(command));
    if (command == Command.ADD || command == Command.EDIT) {
      allowed.addAll(SERVICE_OPTIONS);
    }
    if (command == Command.ADDDEST || command == Command.EDITDEST) {
      allowed.addAll(SERVER_OPTIONS);
    }
    for (Map.Entry<Option, String> entry : seen.entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw error(entry.getValue(), "Illegal '" + entry.getKey().ipvsadmName
            + "' option with the '" + command.ipvsadmName + "' command");
      }
    }
    for (Option option : REQUIRED.get(command)) {
      if (!seen.containsKey(option)) {
        throw error(tokens.get(0), "You need to supply the '" + option.ipvsadmName
            + "' option for the '" + command.ipvsadmName + "' command");
      }
    }
    if (!schedFlagsArgument.isEmpty()) {
      schedulerFlags();
    }
    if (command == Command.ADD || command == Command.EDIT) {
      if (fwmark == 0 && servicePort == 0 && !flags.contains(ServiceFlag.PERSISTENT)) {
        throw error(seen.get(Option.SERVICE), "Zero port specified for non-persistent service");
      }
      if (flags.contains(ServiceFlag.ONE_PACKET) && fwmark == 0 && protocol != Protocol.UDP) {
        throw error(seen.get(Option.ONEPACKET),
            "One-Packet Scheduling is only for UDP virtual services");
      }
      if (scheduler.isEmpty()) {
        scheduler = "wlc";
      }
    }
    if (command == Command.ADDDEST || command == Command.EDITDEST) {
      if (fwmark == 0 && (forwarding == ForwardingMethod.TUNNEL
          || forwarding == ForwardingMethod.ROUTE)) {
        serverPort = servicePort; // -g and -i cannot change the port
      }
      if ((serverAddress instanceof Inet6Address) != ipv6
          && forwarding != ForwardingMethod.TUNNEL) {
        throw error(seen.get(Option.SERVER),
            "Different address family is allowed only for tunneling servers");
      }
      tunnelOptions();
    }
  }

  /** parse_sched_flags(): flag-1..3 for any scheduler, sh-* only with sh, mh-* only with mh. */
  private void schedulerFlags() throws IpvsadmRuleException {
    String sched = scheduler.isEmpty() ? "wlc" : scheduler;
    flags.removeAll(EnumSet.of(ServiceFlag.SCHED_1, ServiceFlag.SCHED_2, ServiceFlag.SCHED_3));
    String[] names = schedFlagsArgument.split(",");
    boolean any = false;
    for (String flag : names) {
      if (flag.isEmpty()) {
        continue; // strtok skips empty fields
      }
      any = true;
      ServiceFlag bit = switch (flag) {
        case "flag-1", "sh-fallback", "mh-fallback" -> ServiceFlag.SCHED_1;
        case "flag-2", "sh-port", "mh-port" -> ServiceFlag.SCHED_2;
        case "flag-3" -> ServiceFlag.SCHED_3;
        default -> throw error(flag, "invalid scheduler flag `" + flag + "'");
      };
      if ((flag.startsWith("sh-") && !sched.equals("sh"))
          || (flag.startsWith("mh-") && !sched.equals("mh"))) {
        throw error(flag, "incompatible scheduler flag `" + flag + "'");
      }
      flags.add(bit);
    }
    if (!any) {
      throw error(schedFlagsArgument, "invalid scheduler flag `" + schedFlagsArgument + "'");
    }
  }

  /**
   * Tunnel options need -i; then tunnel_types_v_options: ipip takes none, gue needs --tun-port
   * and at most one checksum option, gre takes no port and --tun-nocsum or --tun-csum.
   */
  private void tunnelOptions() throws IpvsadmRuleException {
    String firstTunnelOption = null;
    for (Option option : TUNNEL_OPTIONS) {
      if (seen.containsKey(option) && firstTunnelOption == null) {
        firstTunnelOption = seen.get(option);
      }
    }
    if (firstTunnelOption != null && forwarding != ForwardingMethod.TUNNEL) {
      throw error(firstTunnelOption, "Tunnel options conflict with forward method");
    }
    String typeName = tunnelType.ipvsadmName();
    String where = seen.getOrDefault(Option.TUN_TYPE, seen.getOrDefault(Option.FORWARD, ""));
    Set<Option> allowed = switch (tunnelType) {
      case IPIP -> EnumSet.noneOf(Option.class);
      case GUE -> EnumSet.of(Option.TUN_PORT, Option.TUN_NOCSUM, Option.TUN_CSUM,
          Option.TUN_REMCSUM);
      case GRE -> EnumSet.of(Option.TUN_NOCSUM, Option.TUN_CSUM);
    };
    String lastChecksum = null;
    for (Option option : List.of(Option.TUN_PORT, Option.TUN_NOCSUM, Option.TUN_CSUM,
        Option.TUN_REMCSUM)) {
      if (!seen.containsKey(option)) {
        if (tunnelType == Tunnel.Type.GUE && option == Option.TUN_PORT) {
          throw error(where, "You need to supply the 'tun-port' option for the 'gue' tunnel"
              + " type");
        }
        continue;
      }
      if (!allowed.contains(option)) {
        throw error(seen.get(option), "Illegal '" + option.ipvsadmName + "' option with the '"
            + typeName + "' tunnel type");
      }
      if (option != Option.TUN_PORT) {
        if (lastChecksum != null) {
          throw error(seen.get(option), "The option '" + option.ipvsadmName
              + "' conflicts with the '" + lastChecksum + "' option in the '" + typeName
              + "' tunnel type");
        }
        lastChecksum = option.ipvsadmName;
      }
    }
  }

  private IpvsOperation build() throws IpvsadmRuleException {
    try {
      if (command == Command.FLUSH) {
        return new IpvsOperation.Flush();
      }
      ServiceId id = fwmark != 0 ? ServiceId.mark((int) fwmark, ipv6)
          : ServiceId.of(protocol, serviceAddress, servicePort);
      switch (command) {
        case ADD, EDIT -> {
          VirtualService settings = new VirtualService(id, scheduler, flags, timeout,
              netmaskPrefix, persistenceEngine);
          return command == Command.ADD ? new IpvsOperation.AddService(settings)
              : new IpvsOperation.UpdateService(settings);
        }
        case DEL -> {
          return new IpvsOperation.DeleteService(id);
        }
        default -> {
          Tunnel tunnel = forwarding == ForwardingMethod.TUNNEL
              ? new Tunnel(tunnelType, tunnelType == Tunnel.Type.GUE ? tunnelPort : 0, checksum)
              : null;
          RealServer server = new RealServer(serverAddress, serverPort, forwarding, weight,
              upperThreshold, lowerThreshold, tunnel);
          return switch (command) {
            case ADDDEST -> new IpvsOperation.AddDestination(id, server);
            case EDITDEST -> new IpvsOperation.UpdateDestination(id, server);
            default -> new IpvsOperation.DeleteDestination(id, server);
          };
        }
      }
    } catch (IllegalArgumentException e) {
      throw error(tokens.get(0), e.getMessage());
    }
  }
}
