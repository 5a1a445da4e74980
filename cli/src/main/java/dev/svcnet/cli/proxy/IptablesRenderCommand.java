package dev.svcnet.cli.proxy;

import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      description = "kube-proxy layout: current (1.28-1.33) or 1.22 (KUBE-XLB chains, NodePorts"
          + " straight to KUBE-SVC); default: ${DEFAULT-VALUE}")
  String profile;

  @Mixin
  NodeOptions nodeOptions = new NodeOptions();

  @Option(names = "--ipv6", description = "render the IPv6 payload (for ip6tables-restore)")
  boolean ipv6;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "YAML or JSON files")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    IptablesProfile layout = switch (profile) {
      case "current" -> IptablesProfile.CURRENT;
      case "1.22" -> IptablesProfile.V1_22;
      default -> throw new ParameterException(spec.commandLine(), "--profile: '" + profile
          + "' is not available; supported: current, 1.22");
    };
    NodeSettings node = nodeOptions.settings(spec);
    ClusterState state;
    try {
      state = ProxyInputs.read(spec, files);
    } catch (IllegalArgumentException e) {
      // an InvalidObjectException, or text that is not Kubernetes YAML
      spec.commandLine().getErr().println("svcnet iptables render: " + e.getMessage());
      return 1;
    }
    String payload = IptablesRenderer.render(state, node, ipv6 ? IpFamily.IPV6 : IpFamily.IPV4,
        IptablesOptions.defaults(layout));
    spec.commandLine().getOut().print(payload);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
