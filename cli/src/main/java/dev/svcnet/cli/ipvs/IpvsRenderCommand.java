package dev.svcnet.cli.ipvs;

import dev.svcnet.cli.proxy.ProxyInputs;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.text.IpvsadmListing;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import dev.svcnet.proxy.NodeSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet ipvs render}: the virtual and real servers kube-proxy in IPVS mode programs for
 * the Services and EndpointSlices in the given files, printed as {@code ipvsadm -L -n} prints a
 * kernel table holding them (both IP families in one table, ipvsadm's sort order, counters 0).
 * With {@code --ipsets} or {@code --iptables} it prints the rest of the plan instead: the
 * ipsets as {@code ipset restore} input, or the iptables-restore payload and jump rules. Nothing
 * touches the kernel.
 *
 * <p>The header is the one of every kernel since 2.6.28 with the default connection table
 * ({@code CONFIG_IP_VS_TAB_BITS=12}): {@code IP Virtual Server version 1.2.1 (size=4096)}.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Print, in 'ipvsadm -L -n' format, the IPVS table kube-proxy in IPVS mode"
        + " programs for the Services and EndpointSlices in FILE... (YAML or JSON).")
final class IpvsRenderCommand implements Callable<Integer> {

  /** The version and default table size a stock kernel reports. */
  static final IpvsInfo STOCK_KERNEL = new IpvsInfo(0x010201, 4096);

  @Spec
  CommandSpec spec;

  @Option(names = "--node-ip", paramLabel = "IP",
      description = "a node address (repeatable): NodePorts get a virtual server on each")
  List<String> nodeIps = new ArrayList<>();

  @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "",
      description = "this node's name: endpoints with this nodeName are local")
  String nodeName;

  @Option(names = "--scheduler", paramLabel = "NAME", defaultValue = "rr",
      description = "kube-proxy's --ipvs-scheduler (default: ${DEFAULT-VALUE})")
  String scheduler;

  @Option(names = "--cluster-cidr", paramLabel = "CIDR",
      description = "pod network range (repeatable, one per family): with --iptables, traffic"
          + " to cluster IPs from outside it is masqueraded")
  List<String> clusterCidrs = new ArrayList<>();

  @Option(names = "--ipsets", description = "print instead the ipsets kube-proxy creates and"
      + " their entries, as 'ipset restore' input (IPv4 sets, or IPv6 with --ipv6)")
  boolean ipsets;

  @Option(names = "--iptables", description = "print instead the iptables-restore payload"
      + " kube-proxy loads with --noflush in IPVS mode (nat, filter), then its jump rules"
      + " (IPv4, or IPv6 with --ipv6)")
  boolean iptables;

  @Option(names = "--ipv6", description = "with --ipsets or --iptables: the IPv6 plan")
  boolean ipv6;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "YAML or JSON files")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    try {
      // the kernel's rules for a scheduler name, checked before any file is read
      VirtualService.of(ServiceId.of(Protocol.TCP, InetAddress.getLoopbackAddress(), 1),
          scheduler);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--scheduler: " + e.getMessage());
    }
    if (ipsets && iptables) {
      throw new ParameterException(spec.commandLine(),
          "--ipsets and --iptables: choose one of them");
    }
    NodeSettings node = new NodeSettings(nodeName,
        ProxyInputs.addresses(spec, "--node-ip", nodeIps),
        ProxyInputs.cidrs(spec, "--cluster-cidr", clusterCidrs), "cluster.local");
    ClusterState state;
    try {
      state = ProxyInputs.read(spec, files);
    } catch (IllegalArgumentException e) {
      // an InvalidObjectException, or text that is not Kubernetes YAML
      spec.commandLine().getErr().println("svcnet ipvs render: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    if (ipsets || iptables) {
      IpvsPlan plan = IpvsPlanner.plan(state, node, ipv6 ? IpFamily.IPV6 : IpFamily.IPV4,
          scheduler);
      spec.commandLine().getOut().print(ipsets ? plan.ipsetRestoreText()
          : plan.iptablesPayload() + plan.iptablesJumpRules());
      spec.commandLine().getOut().flush();
      return 0;
    }
    List<Service> table = new ArrayList<>();
    for (IpFamily family : IpFamily.values()) {
      for (IpvsVirtualServer server
          : IpvsPlanner.plan(state, node, family, scheduler).virtualServers()) {
        table.add(asListed(server));
      }
    }
    spec.commandLine().getOut().print(
        IpvsadmListing.render(STOCK_KERNEL, table, IpvsadmListing.Options.DEFAULT));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The virtual server as a fresh kernel would report it: no connections, no traffic. */
  private static Service asListed(IpvsVirtualServer server) {
    List<Destination> destinations = new ArrayList<>();
    for (RealServer real : server.realServers()) {
      destinations.add(new Destination(real, 0, 0, 0, Stats.ZERO));
    }
    return new Service(server.service(), Stats.ZERO, destinations);
  }
}
