package dev.svcnet.conformance.cluster;

import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.NodeSettings;
import java.util.Objects;

/**
 * What the API server says about the cluster, as kube-proxy on one node sees it: the Services and
 * EndpointSlices ({@code state}) and that node's name, addresses and cluster CIDR ({@code node}).
 *
 * @param clusterCidrSource where the cluster CIDR came from (for reports), or why it is unknown
 */
public record ClusterSnapshot(ClusterState state, NodeSettings node, String clusterCidrSource) {
  public ClusterSnapshot {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(clusterCidrSource, "clusterCidrSource");
  }
}
