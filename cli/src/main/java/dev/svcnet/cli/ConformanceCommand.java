package dev.svcnet.cli;

import dev.svcnet.conformance.ConformanceSuite;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.SuiteReport;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.TargetRun;
import dev.svcnet.conformance.report.ReportException;
import dev.svcnet.conformance.report.Reports;
import dev.svcnet.conformance.report.TerminalDisplay;
import dev.svcnet.harness.vm.KernelPackage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet conformance}: runs the conformance suite against targets and reports. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description = "Check that the kernel behaves as Kubernetes service networking needs and as"
        + " svcnet models it. Exit code 1 if any check that ran failed.")
final class ConformanceCommand implements Callable<Integer> {

  /** The targets run when none is named: the local kernel, and Debian's under QEMU. */
  static final List<Target> DEFAULT_TARGETS = List.of(Target.NETNS, Target.VM);

  @Spec
  CommandSpec spec;

  @Option(names = "--target", paramLabel = "TARGET",
      description = "netns, vm, container or cluster; repeatable (default: netns and vm, vm"
          + " reported not run when QEMU or the kernel is missing)")
  List<String> targets = new ArrayList<>();

  @Option(names = "--kernel", paramLabel = "PACKAGE",
      description = "for the vm target: boot this kernel instead of the default one, repeatable"
          + " to compare kernels (one report column each): a Debian kernel image package"
          + " (linux-image-6.1.0-56-amd64), optionally =VERSION, a meta package"
          + " (linux-image-6.12-amd64), the path of a .deb, or 'default'. Fetched with apt from"
          + " this machine's apt sources and prepared like the default kernel")
  List<String> kernels = new ArrayList<>();

  @Option(names = "--capability", paramLabel = "NAME",
      description = "run only this capability (repeatable), e.g. netfilter.statistic-probability")
  List<String> capabilities = new ArrayList<>();

  @Option(names = "--tries", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_TRIES,
      description = "random cases per property (default: ${DEFAULT-VALUE})")
  int tries;

  @Option(names = "--seed", paramLabel = "S",
      description = "seed for the random cases (default: a fresh one, printed)")
  Long seed;

  /**
   * The test-only fault switch ({@link Settings#faultyModels()}): no option sets it; only the
   * command's tests do, to prove that a failure prints its counterexample and exits 1.
   */
  boolean faultyModelsForTests;

  @Option(names = "--report", paramLabel = "DIR",
      description = "write JUnit XML (one file per target) and conformance.html into DIR")
  Path reportDir;

  @Override
  public Integer call() {
    List<Target> chosen = new ArrayList<>();
    Settings settings;
    ConformanceSuite suite;
    try {
      for (String name : targets) {
        Target target = Target.parse(name);
        if (!chosen.contains(target)) {
          chosen.add(target);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--target: " + e.getMessage());
    }
    if (chosen.isEmpty()) {
      chosen.addAll(DEFAULT_TARGETS);
    }
    List<TargetRun> runs = targetRuns(chosen);
    try {
      settings = new Settings(seed != null ? seed : new SecureRandom().nextLong(), tries,
          faultyModelsForTests);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--tries: " + e.getMessage());
    }
    try {
      suite = capabilities.isEmpty() ? ConformanceSuite.standard()
          : ConformanceSuite.standard().only(capabilities);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--capability: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("svcnet conformance: target %s, seed %d, tries %d%n",
        String.join(", ", runs.stream().map(TargetRun::label).toList()), settings.seed(),
        settings.tries());
    out.flush();
    SuiteReport report;
    // A live bar only on a terminal: Java 17's console is null when stdin or stdout is not one.
    boolean live = System.console() != null;
    try (TerminalDisplay display = new TerminalDisplay(out, live)) {
      report = suite.runAll(runs, settings, display);
      display.summary(report);
    }
    if (reportDir != null) {
      try {
        for (Path file : Reports.write(reportDir, report)) {
          out.println("report: " + file);
        }
      } catch (ReportException e) {
        spec.commandLine().getErr().println("svcnet conformance: " + e.getMessage());
        return 1;
      }
    }
    return report.anyFailed() ? 1 : 0;
  }

  /**
   * One run per target; the vm target once per {@code --kernel} ({@code default}: the default
   * kernel). Every kernel is checked before anything runs.
   */
  private List<TargetRun> targetRuns(List<Target> chosen) {
    if (!kernels.isEmpty() && !chosen.contains(Target.VM)) {
      throw new ParameterException(spec.commandLine(), "--kernel names kernels for the vm"
          + " target, which is not among the targets; add --target=vm");
    }
    List<Optional<KernelPackage>> vmKernels = new ArrayList<>();
    for (String kernel : kernels) {
      Optional<KernelPackage> named;
      try {
        named = kernel.equals("default") ? Optional.empty()
            : Optional.of(KernelPackage.parse(kernel));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--kernel: " + e.getMessage());
      }
      if (!vmKernels.contains(named)) {
        vmKernels.add(named);
      }
    }
    if (vmKernels.isEmpty()) {
      vmKernels.add(Optional.empty());
    }
    List<TargetRun> runs = new ArrayList<>();
    for (Target target : chosen) {
      if (target == Target.VM) {
        vmKernels.forEach(kernel -> runs.add(new TargetRun(Target.VM, kernel)));
      } else {
        runs.add(TargetRun.of(target));
      }
    }
    return runs;
  }
}
