package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
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
 * A property checked in Debian's kernel under QEMU by a guest program (package {@code guest}) that
 * draws its cases from the seed, shrinks a failure in the guest and prints it as {@code FIRST},
 * {@code MINIMAL} and {@code PROBLEM} lines; one boot per run, of the default kernel or the one
 * the settings name.
 */
abstract class GuestPropertyCheck implements Check {
  static final String FIRST = "FIRST ";
  static final String MINIMAL = "MINIMAL ";
  static final String PROBLEM = "PROBLEM ";

  private final KernelVm vm;

  GuestPropertyCheck(KernelVm vm) {
    this.vm = vm;
  }

  /** The most cases one run may take in the slow emulated guest. */
  abstract int maxCases();

  /** The guest program's command line for {@code cases} cases. */
  abstract List<String> guestCommand(String java, String classPath, Settings settings, int cases);

  /** The summary of a pass. */
  abstract String passed(int cases);

  /** The summary of a failure with its counterexample. */
  abstract String failed(Counterexample counterexample);

  /** Charts from the guest's output (none unless a check draws some). */
  List<ShareChart> charts(String output) {
    return List.of();
  }

  @Override
  public final boolean bootsNamedKernels() {
    return true;
  }

  @Override
  public final Set<Target> targets() {
    return Set.of(Target.VM);
  }

  @Override
  public final CheckResult run(Target target, Settings settings) {
    if (!targets().contains(target)) {
      return CheckResult.notRun(capability(), target, "runs on the vm target only");
    }
    KernelVm vm = settings.kernel().map(k -> this.vm.withKernelDir(k.dir())).orElse(this.vm);
    Availability availability = vm.availability();
    if (!availability.canRun()) {
      return CheckResult.notRun(capability(), target, availability.reason());
    }
    int cases = Math.min(settings.tries(), maxCases());
    long started = System.nanoTime();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      GuestResult result = vm.run(guestCommand(java, System.getProperty("java.class.path"), settings, cases));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String output = result.output().strip();
      List<ShareChart> charts = charts(output);
      if (result.succeeded()) {
        return new CheckResult(capability(), target, Verdict.PASSED, passed(cases), took, null, charts);
      }
      Optional<String> first = GuestLines.after(output, FIRST);
      Optional<String> minimal = GuestLines.after(output, MINIMAL);
      Optional<String> problem = GuestLines.after(output, PROBLEM);
      if (first.isEmpty() || minimal.isEmpty() || problem.isEmpty()) {
        return new CheckResult(capability(), target, Verdict.FAILED,
            "the guest failed without a counterexample: " + output, took, null, charts);
      }
      Counterexample counterexample = new Counterexample(settings.seed(),
          GuestLines.text(first.get()), GuestLines.size(first.get()),
          GuestLines.text(minimal.get()), GuestLines.size(minimal.get()), problem.get(),
          Counterexample.reproduceCommand(target, capability(), settings.withTries(cases)));
      return new CheckResult(capability(), target, Verdict.FAILED, failed(counterexample), took,
          counterexample, charts);
    } catch (KernelVmException e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "kernel VM failed: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
