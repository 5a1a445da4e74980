package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.guest.IpvsServiceTraffic;
import dev.svcnet.harness.vm.KernelVm;
import java.time.Duration;
import java.util.List;

/**
 * In Debian's kernel under QEMU: random clusters of Services programmed by service-proxy in IPVS
 * mode answer only from their ready endpoints (see {@link IpvsServiceTraffic}).
 */
public final class ServiceProxyIpvsTrafficCheck extends GuestPropertyCheck {

  /** Clusters per run are capped: each costs a namespace, a sync and connections in TCG. */
  static final int MAX_CLUSTERS = 8;

  /** The check in Debian's kernel as prepared by scripts/prepare-kernel. */
  public ServiceProxyIpvsTrafficCheck() {
    this(KernelVm.defaults().withTimeout(Duration.ofMinutes(8)));
  }

  /** The check in the given kernel VM. */
  public ServiceProxyIpvsTrafficCheck(KernelVm vm) {
    super(vm);
  }

  @Override
  public String capability() {
    return "service-proxy.ipvs-traffic";
  }

  @Override
  public String description() {
    return "connections to Services programmed by service-proxy in IPVS mode reach only their"
        + " ready endpoints";
  }

  @Override
  int maxCases() {
    return MAX_CLUSTERS;
  }

  @Override
  List<String> guestCommand(String java, String classPath, Settings settings, int cases) {
    return IpvsServiceTraffic.command(java, classPath, settings.seed(), cases,
        settings.faultyModels());
  }

  @Override
  String passed(int cases) {
    return cases + " random clusters synced by service-proxy in IPVS mode, every connection"
        + " reached a ready endpoint of its Service";
  }

  @Override
  String failed(Counterexample counterexample) {
    return "a cluster of " + counterexample.firstSize() + " Services answered wrongly; shrunk"
        + " to " + counterexample.minimalSize() + ": " + counterexample.problem();
  }
}
