package dev.svcnet.cli.proxy;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.sync.ServiceProxier;
import dev.svcnet.proxy.sync.SyncException;
import dev.svcnet.proxy.sync.SyncResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet proxy apply}: one full sync of the objects in the files to the current network
 * namespace (iptables mode: filter and nat through iptables-restore --noflush; IPVS mode: the
 * ipsets through ipset restore, IPVS mode's iptables rules, the IPVS table and the kube-ipvs0
 * addresses). Bad input exits 2 before anything runs.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Program the current network namespace with what kube-proxy would program for"
        + " the Services and EndpointSlices in FILE... (YAML or JSON), and print the figures.")
public final class ProxyApplyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--mode", paramLabel = "MODE", required = true,
      description = "iptables or ipvs")
  String mode;

  @Mixin
  NodeOptions nodeOptions = new NodeOptions();

  @Option(names = "--ipv6", description = "program the IPv6 services (ip6tables, IPv6 IPVS)")
  boolean ipv6;

  @Option(names = "--backend", defaultValue = "system",
      description = "the iptables programs (both modes): legacy, nft, or system (the"
          + " iptables-restore on the PATH); default ${DEFAULT-VALUE}")
  String backend;

  @Option(names = "--scheduler", defaultValue = IpvsPlanner.DEFAULT_SCHEDULER,
      description = "IPVS mode: the scheduler of every virtual server; default ${DEFAULT-VALUE}")
  String scheduler;

  @Option(names = "--ipvs-exclude-cidrs", paramLabel = "CIDR", split = ",",
      description = "IPVS mode: virtual servers on addresses in these ranges are never deleted"
          + " (kube-proxy's flag of the same name); comma-separated")
  List<String> excludeCidrs = List.of();

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "YAML or JSON files")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String chosenMode = mode.toLowerCase(Locale.ROOT);
    if (!chosenMode.equals("iptables") && !chosenMode.equals("ipvs")) {
      return usage(err, "--mode: '" + mode + "' is not iptables or ipvs");
    }
    Backend chosenBackend;
    try {
      chosenBackend = Backend.valueOf(backend.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return usage(err, "--backend: '" + backend + "' is not legacy, nft or system");
    }
    List<Cidr> excluded = new ArrayList<>();
    for (String text : excludeCidrs) {
      try {
        excluded.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        return usage(err, "--ipvs-exclude-cidrs: " + e.getMessage());
      }
    }
    NodeSettings node = nodeOptions.settings(spec);
    ClusterState state;
    try {
      state = ProxyInputs.read(spec, files);
    } catch (IllegalArgumentException e) {
      // an InvalidObjectException naming object and field, or text that is not Kubernetes YAML
      return usage(err, e.getMessage());
    }
    IpFamily family = ipv6 ? IpFamily.IPV6 : IpFamily.IPV4;
    try {
      SyncResult result;
      if (chosenMode.equals("iptables")) {
        result = sync(ServiceProxier.iptables(chosenBackend, node, family,
            IptablesOptions.defaults(IptablesProfile.CURRENT)), state);
      } else {
        try (IpvsClient client = IpvsClient.open()) {
          result = sync(ServiceProxier.ipvs(client, chosenBackend, node, family, scheduler,
              IptablesOptions.defaults(IptablesProfile.CURRENT), excluded), state);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%s sync: %d written, %d deleted, %d rules, %d ms%n",
          result.full() ? "full" : "partial", result.written(), result.deleted(),
          result.rulesWritten(), result.duration().toMillis());
      out.flush();
      return 0;
    } catch (SyncException | IOException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private static SyncResult sync(ServiceProxier proxier, ClusterState state)
      throws SyncException {
    proxier.replaceAll(state);
    return proxier.sync();
  }

  private int usage(PrintWriter err, String message) {
    err.println(spec.qualifiedName() + ": " + message);
    err.flush();
    return 2;
  }
}
