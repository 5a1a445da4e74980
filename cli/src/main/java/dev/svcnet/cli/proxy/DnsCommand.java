package dev.svcnet.cli.proxy;

import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.DnsRecord;
import dev.svcnet.proxy.DnsRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svcnet dns}: the records cluster DNS serves for the objects in the given files. */
@Command(
    name = "dns",
    mixinStandardHelpOptions = true,
    description = "Print the DNS records (zone-file lines) cluster DNS serves for the Services,"
        + " EndpointSlices and Pods in FILE... (YAML or JSON).")
public final class DnsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = "cluster.local",
      description = "the cluster's DNS domain (default: ${DEFAULT-VALUE})")
  String clusterDomain;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "YAML or JSON files")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    ClusterState state;
    try {
      state = ProxyInputs.read(spec, files);
    } catch (IllegalArgumentException e) {
      // an InvalidObjectException, or text that is not Kubernetes YAML
      spec.commandLine().getErr().println("svcnet dns: " + e.getMessage());
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (DnsRecord record : DnsRecords.of(state, clusterDomain)) {
      out.println(record.zoneLine());
    }
    out.flush();
    return 0;
  }
}
