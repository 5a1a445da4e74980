package dev.svcnet.cli.proxy;

import dev.svcnet.proxy.NodeSettings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The node a command renders or applies for: {@code --node-ip}, {@code --cluster-cidr}, {@code --node-name}. */
public final class NodeOptions {

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

  /** The node, or a ParameterException of {@code spec}'s command naming the bad option. */
  NodeSettings settings(CommandSpec spec) {
    return new NodeSettings(nodeName, ProxyInputs.addresses(spec, "--node-ip", nodeIps),
        ProxyInputs.cidrs(spec, "--cluster-cidr", clusterCidrs), "cluster.local");
  }
}
