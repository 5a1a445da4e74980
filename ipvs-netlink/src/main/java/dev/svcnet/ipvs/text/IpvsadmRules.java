package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.Addresses;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.fake.FakeIpvsClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule format of {@code ipvsadm -S -n} and {@code ipvsadm-restore}: one ipvsadm command per
 * line, e.g. {@code -A -t 10.0.0.1:80 -s rr} and {@code -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1}.
 *
 * <p>{@link #parse} reads a whole file into {@link Rule}s (the commands -A, -E, -D, -a, -e, -d
 * and -C, with ipvsadm's option rules and defaults) or refuses it, naming the first bad line and
 * token. {@link #write} prints a table exactly as {@code ipvsadm -S -n} does.
 */
public final class IpvsadmRules {
  private IpvsadmRules() {}

  /**
   * One command of a rule file.
   *
   * @param line the 1-based line it came from
   * @param text the line's tokens joined by single spaces (for messages)
   * @param operation what it does to the table
   */
  public record Rule(int line, String text, IpvsOperation operation) {}

  /**
   * Parses a rule file as {@code ipvsadm-restore} reads it: lines starting with {@code #} and
   * blank lines are skipped, tokens are separated by spaces, tabs or carriage returns, and a
   * token {@code ipvsadm} is ignored wherever it appears. Every line is parsed before this
   * returns; nothing is applied.
   *
   * @throws IpvsadmRuleException at the first line that does not parse
   */
  public static List<Rule> parse(String text) throws IpvsadmRuleException {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("#")) {
        continue;
      }
      List<String> tokens = new ArrayList<>();
      for (String token : line.split("[ \t\r]+")) {
        if (!token.isEmpty() && !token.equals("ipvsadm")) {
          tokens.add(token);
        }
      }
      if (tokens.isEmpty()) {
        continue;
      }
      rules.add(new RuleParser(i + 1, tokens).parse());
    }
    return List.copyOf(rules);
  }

  /**
   * The table the rules build, starting (as {@code ipvsadm-restore} does, after its
   * {@code ipvsadm -C}) from an empty one: the whole file is checked against itself before the
   * kernel is touched. Destinations are listed newest first, as the kernel lists them.
   *
   * @throws IpvsadmRuleException at the first rule that cannot apply, e.g. {@code -a} for a
   *     service the file does not add, or {@code -A} of a service added before
   */
  public static List<Service> state(List<Rule> rules) throws IpvsadmRuleException {
    FakeIpvsClient table = new FakeIpvsClient();
    for (Rule rule : rules) {
      try {
        table.apply(rule.operation());
      } catch (IpvsException e) {
        throw new IpvsadmRuleException(rule.line(), rule.text(), e.getMessage());
      }
    }
    return table.dump();
  }

  /** {@code ipvsadm -S -n} of {@code services}: sorted as ipvsadm sorts, thresholds omitted. */
  public static String write(List<Service> services) {
    return write(services, false);
  }

  /**
   * {@code ipvsadm -S -n} of {@code services}; with {@code withThresholds}, destinations with
   * non-zero thresholds also get {@code -x N -y N} at the end of their line (ipvsadm itself
   * never saves thresholds, so its save/restore loses them; this is svcnet's extension, which
   * ipvsadm-restore reads back).
   */
  public static String write(List<Service> services, boolean withThresholds) {
    StringBuilder out = new StringBuilder();
    for (Service service : IpvsadmOrder.services(services)) {
      String name = serviceOption(service.id());
      out.append(serviceRule(name, service.service())).append('\n');
      for (Destination destination : IpvsadmOrder.destinations(service.destinations())) {
        out.append(destinationRule(name, destination.server(), withThresholds)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * One operation as the ipvsadm command that does it: {@code -A}/{@code -E} with the service's
   * settings as {@code ipvsadm -S} writes them, {@code -D}, {@code -a}/{@code -e} with the
   * destination (and {@code -x/-y} when it has thresholds), {@code -d}, or {@code -C}.
   * {@link #parse} reads it back to the same change.
   */
  public static String command(IpvsOperation operation) {
    if (operation instanceof IpvsOperation.AddService add) {
      return serviceRule(serviceOption(add.service().id()), add.service());
    }
    if (operation instanceof IpvsOperation.UpdateService update) {
      return "-E" + serviceRule(serviceOption(update.service().id()), update.service())
          .substring(2);
    }
    if (operation instanceof IpvsOperation.DeleteService delete) {
      return "-D " + serviceOption(delete.id());
    }
    if (operation instanceof IpvsOperation.AddDestination add) {
      return destinationRule(serviceOption(add.service()), add.server(), true);
    }
    if (operation instanceof IpvsOperation.UpdateDestination update) {
      return "-e" + destinationRule(serviceOption(update.service()), update.server(), true)
          .substring(2);
    }
    if (operation instanceof IpvsOperation.DeleteDestination delete) {
      return "-d " + serviceOption(delete.service()) + " -r "
          + Addresses.withPort(delete.server().address(), delete.server().port());
    }
    return "-C";
  }

  /**
   * svc_name with FMT_RULE: "-f %d" (+" -6"; signed as in released ipvsadm 1.31, see
   * IpvsadmListing.serviceName) or "%s %s" of -t/-u/--sctp-service and addr:port.
   */
  static String serviceOption(ServiceId id) {
    if (id instanceof ServiceId.ByMark byMark) {
      return "-f " + byMark.mark() + (byMark.ipv6() ? " -6" : "");
    }
    ServiceId.ByAddress byAddress = (ServiceId.ByAddress) id;
    return byAddress.protocol().ipvsadmSwitch() + " "
        + Addresses.withPort(byAddress.address(), byAddress.port());
  }

  /**
   * "-A %s -s %s", then if persistent " -p %u" and " -M %s" (IPv4 mask unless /32) or
   * " -M %i" (IPv6 prefix unless 128); then " --pe %s", " -o", and " -b " with the scheduler
   * flags when any flag bit is set.
   */
  static String serviceRule(String name, VirtualService settings) {
    StringBuilder out = new StringBuilder("-A ").append(name).append(" -s ")
        .append(settings.scheduler());
    if (settings.persistent()) {
      out.append(" -p ").append(Integer.toUnsignedString(settings.timeoutSeconds()));
      if (!settings.id().ipv6() && settings.netmaskPrefix() != 32) {
        out.append(" -M ").append(IpvsadmListing.dottedMask(settings.netmaskPrefix()));
      }
      if (settings.id().ipv6() && settings.netmaskPrefix() != 128) {
        out.append(" -M ").append(settings.netmaskPrefix());
      }
    }
    if (settings.persistenceEngine() != null) {
      out.append(" --pe ").append(settings.persistenceEngine());
    }
    if (settings.flags().contains(ServiceFlag.ONE_PACKET)) {
      out.append(" -o");
    }
    if (IpvsadmListing.hasSchedulerFlagBits(settings)) {
      out.append(" -b ").append(IpvsadmListing.schedulerFlags(settings));
    }
    return out.toString();
  }

  /**
   * "-a %s -r %s %s -w %d"; tunnels add " --tun-type ipip", " --tun-type gue --tun-port %d
   * --tun-{no,,rem}csum" or " --tun-type gre --tun-{no,,rem}csum" (print_tunnel_rule).
   */
  static String destinationRule(String name, RealServer server, boolean withThresholds) {
    StringBuilder out = new StringBuilder("-a ").append(name).append(" -r ")
        .append(Addresses.withPort(server.address(), server.port())).append(' ')
        .append(server.forwarding().ipvsadmSwitch()).append(" -w ").append(server.weight());
    if (server.forwarding() == ForwardingMethod.TUNNEL) {
      Tunnel tunnel = server.tunnel();
      out.append(" --tun-type ").append(tunnel.type().ipvsadmName());
      if (tunnel.type() == Tunnel.Type.GUE) {
        out.append(" --tun-port ").append(tunnel.port());
      }
      if (tunnel.type() != Tunnel.Type.IPIP) {
        out.append(" --tun-").append(tunnel.checksum().ipvsadmName());
      }
    }
    if (withThresholds && (server.upperThreshold() != 0 || server.lowerThreshold() != 0)) {
      out.append(" -x ").append(server.upperThreshold()).append(" -y ")
          .append(server.lowerThreshold());
    }
    return out.toString();
  }
}
