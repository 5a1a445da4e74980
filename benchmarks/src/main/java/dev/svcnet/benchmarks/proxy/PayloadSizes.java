package dev.svcnet.benchmarks.proxy;

import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;

/**
 * The sizes behind the "one-service payload under 1% of the full one" goal, for the same
 * cluster as {@link ServiceProxyRenderBenchmark}: the full payload; the payload of the one
 * service alone; and the rules of the full payload in kube-proxy's top-level chains
 * (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD, KUBE-POSTROUTING,
 * KUBE-MARK-MASQ, KUBE-PROXY-FIREWALL, KUBE-FIREWALL), which kube-proxy's partial sync rewrites
 * in full on every sync. Usage: {@code java -cp benchmarks.jar
 * dev.svcnet.benchmarks.proxy.PayloadSizes [SERVICES [ENDPOINTS]]}.
 */
public final class PayloadSizes {

  private PayloadSizes() {}

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT);
    String full = IptablesRenderer.render(SyntheticCluster.of(services, endpoints),
        SyntheticCluster.NODE, IpFamily.IPV4, options);
    ClusterState alone = SyntheticCluster.single(services / 2, endpoints);
    String one = IptablesRenderer.render(alone, SyntheticCluster.NODE, IpFamily.IPV4, options);
    long topLevelBytes = 0;
    long topLevelLines = 0;
    for (String line : full.split("\n")) {
      if (line.startsWith("-A ") && !line.startsWith("-A KUBE-SVC-")
          && !line.startsWith("-A KUBE-SEP-") && !line.startsWith("-A KUBE-EXT-")
          && !line.startsWith("-A KUBE-SVL-") && !line.startsWith("-A KUBE-FW-")) {
        topLevelBytes += line.length() + 1;
        topLevelLines++;
      }
    }
    System.out.printf("services=%d endpoints/service=%d%n", services, endpoints);
    System.out.printf("full payload:              %,d bytes, %,d lines%n", full.length(),
        full.lines().count());
    System.out.printf("one service alone:         %,d bytes, %,d lines (%.4f%% of full bytes)%n",
        one.length(), one.lines().count(), 100.0 * one.length() / full.length());
    System.out.printf("top-level rules of full:   %,d bytes, %,d lines (%.2f%% of full bytes)%n",
        topLevelBytes, topLevelLines, 100.0 * topLevelBytes / full.length());
  }
}
