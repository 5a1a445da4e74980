package dev.svcnet.cli.proxy;

import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet iptables render}: the iptables-restore payload kube-proxy writes for the
 * Services and EndpointSlices in the given files. Meant to be attached as a subcommand of the
 * {@code iptables} command.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Print the iptables-restore payload (filter and nat) kube-proxy in iptables"
        + " mode writes for the Services and EndpointSlices in FILE... (YAML or JSON).")
public final class IptablesRenderCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "current",
      description = "kube-proxy layout: current (1.28-1.33)")
  String profile;

  @Option(names = "--node-ip", paramLabel = "IP",
      description = "a node address (repeatable); the first of each family is the node IP")
  List<String> nodeIps = new ArrayList<>();

  @Option(names = "--cluster-cidr", paramLabel = "CIDR",
      description = "pod network range (repeatable, one per family): traffic from outside it is"
          + " masqueraded")
  List<String> clusterCidrs = new ArrayList<>();

  @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "",
      description = "this node's name: endpoints with this nodeName are local")
  String nodeName;

  @Option(names = "--ipv6", description = "render the IPv6 payload (for ip6tables-restore)")
  boolean ipv6;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "YAML or JSON files")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    if (!profile.equals("current")) {
      throw new ParameterException(spec.commandLine(), "--profile: '" + profile
          + "' is not available; supported: current");
    }
    NodeSettings node = new NodeSettings(nodeName,
        ProxyInputs.addresses(spec, "--node-ip", nodeIps),
        ProxyInputs.cidrs(spec, "--cluster-cidr", clusterCidrs), "cluster.local");
    ClusterState state;
    try {
      state = ProxyInputs.read(spec, files);
    } catch (IllegalArgumentException e) {
      // an InvalidObjectException, or text that is not Kubernetes YAML
      spec.commandLine().getErr().println("svcnet iptables render: " + e.getMessage());
      return 1;
    }
    String payload = IptablesRenderer.render(state, node, ipv6 ? IpFamily.IPV6 : IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT));
    spec.commandLine().getOut().print(payload);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
