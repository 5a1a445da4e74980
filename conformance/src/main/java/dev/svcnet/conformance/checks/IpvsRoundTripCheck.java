package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.guest.IpvsRoundTrip;
import dev.svcnet.harness.vm.KernelVm;
import java.time.Duration;
import java.util.List;

/**
 * In Debian's kernel under QEMU: random IPVS tables programmed by svcnet read back identically
 * through svcnet and through the real ipvsadm's save/restore (see {@link IpvsRoundTrip}).
 */
public final class IpvsRoundTripCheck extends GuestPropertyCheck {

  /** Tables per run are capped: each costs a few netlink round trips in a slow emulated guest. */
  static final int MAX_TABLES = 25;

  /** The check in Debian's kernel as prepared by scripts/prepare-kernel. */
  public IpvsRoundTripCheck() {
    this(KernelVm.defaults().withTimeout(Duration.ofMinutes(8)));
  }

  /** The check in the given kernel VM. */
  public IpvsRoundTripCheck(KernelVm vm) {
    super(vm);
  }

  @Override
  public String capability() {
    return "ipvs.round-trip";
  }

  @Override
  public String description() {
    return "IPVS tables programmed by svcnet read back identically through svcnet and ipvsadm";
  }

  @Override
  int maxCases() {
    return MAX_TABLES;
  }

  @Override
  List<String> guestCommand(String java, String classPath, Settings settings, int cases) {
    return IpvsRoundTrip.command(java, classPath, settings.seed(), cases, settings.faultyModels());
  }

  @Override
  String passed(int cases) {
    return cases + " random tables, svcnet and ipvsadm both ways";
  }

  @Override
  String failed(Counterexample counterexample) {
    return "a table of " + counterexample.firstSize() + " services and destinations failed;"
        + " shrunk to " + counterexample.minimalSize() + ": " + counterexample.problem();
  }
}
