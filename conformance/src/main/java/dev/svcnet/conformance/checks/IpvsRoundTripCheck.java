package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.guest.IpvsRoundTrip;
import dev.svcnet.harness.vm.Availability;
import dev.svcnet.harness.vm.GuestResult;
import dev.svcnet.harness.vm.KernelVm;
import dev.svcnet.harness.vm.KernelVmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * In Debian's kernel under QEMU: random IPVS tables programmed by svcnet read back identically
 * through svcnet and through the real ipvsadm's save/restore (see {@link IpvsRoundTrip}).
 */
public final class IpvsRoundTripCheck implements Check {

  /** Tables per run are capped: each costs a few netlink round trips in a slow emulated guest. */
  static final int MAX_TABLES = 25;

  private final KernelVm vm;

  /** The check in Debian's kernel as prepared by scripts/prepare-kernel. */
  public IpvsRoundTripCheck() {
    this(KernelVm.defaults().withTimeout(Duration.ofMinutes(8)));
  }

  /** The check in the given kernel VM. */
  public IpvsRoundTripCheck(KernelVm vm) {
    this.vm = vm;
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
  public Set<Target> targets() {
    return Set.of(Target.VM);
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    if (!targets().contains(target)) {
      return CheckResult.notRun(capability(), target, "runs on the vm target only");
    }
    Availability availability = vm.availability();
    if (!availability.canRun()) {
      return CheckResult.notRun(capability(), target, availability.reason());
    }
    int tables = Math.min(settings.tries(), MAX_TABLES);
    long started = System.nanoTime();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv = IpvsRoundTrip.command(java, System.getProperty("java.class.path"),
        settings.seed(), tables, settings.faultyModels());
    try {
      GuestResult result = vm.run(argv);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String output = result.output().strip();
      if (result.succeeded()) {
        return new CheckResult(capability(), target, Verdict.PASSED,
            tables + " random tables, svcnet and ipvsadm both ways", took);
      }
      Optional<String> first = GuestLines.after(output, IpvsRoundTrip.FIRST);
      Optional<String> minimal = GuestLines.after(output, IpvsRoundTrip.MINIMAL);
      Optional<String> problem = GuestLines.after(output, IpvsRoundTrip.PROBLEM);
      if (first.isEmpty() || minimal.isEmpty() || problem.isEmpty()) {
        return new CheckResult(capability(), target, Verdict.FAILED,
            "the guest failed without a counterexample: " + output, took);
      }
      Counterexample counterexample = new Counterexample(settings.seed(),
          GuestLines.text(first.get()), GuestLines.size(first.get()),
          GuestLines.text(minimal.get()), GuestLines.size(minimal.get()), problem.get(),
          Counterexample.reproduceCommand(target, capability(), settings.withTries(tables)));
      return new CheckResult(capability(), target, Verdict.FAILED,
          "a table of " + counterexample.firstSize() + " services and destinations failed;"
              + " shrunk to " + counterexample.minimalSize() + ": " + problem.get(), took,
          counterexample, List.of());
    } catch (KernelVmException e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "kernel VM failed: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
