package dev.svcnet.conformance;

import dev.svcnet.conformance.checks.IngressNginxCheck;
import dev.svcnet.conformance.checks.IpvsRoundTripCheck;
import dev.svcnet.conformance.checks.NetfilterRoundTripCheck;
import dev.svcnet.conformance.checks.SchedulerDecisionsCheck;
import dev.svcnet.conformance.checks.ServiceProxyIptablesTrafficCheck;
import dev.svcnet.conformance.checks.ServiceProxyIpvsTrafficCheck;
import dev.svcnet.conformance.checks.StatisticCascadeSharesCheck;
import dev.svcnet.conformance.checks.StatisticProbabilityCheck;
import dev.svcnet.conformance.checks.SyncTimeCheck;
import dev.svcnet.conformance.cluster.IngressNginxClusterCheck;
import dev.svcnet.conformance.cluster.KubeProxyIptablesCheck;
import dev.svcnet.conformance.cluster.KubeProxyIpvsCheck;
import dev.svcnet.harness.vm.Availability;
import dev.svcnet.harness.vm.KernelPackage;
import dev.svcnet.harness.vm.KernelVm;
import dev.svcnet.harness.vm.KernelVmException;
import dev.svcnet.harness.vm.PreparedKernel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Every check svcnet has, run against one or more targets. */
public final class ConformanceSuite {

  private final List<Check> checks;

  public ConformanceSuite(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** The suite with all built-in checks. */
  public static ConformanceSuite standard() {
    return new ConformanceSuite(List.of(new NetfilterRoundTripCheck(),
        new StatisticProbabilityCheck(), new StatisticCascadeSharesCheck(),
        new ServiceProxyIptablesTrafficCheck(), new SyncTimeCheck(), new IngressNginxCheck(),
        new IpvsRoundTripCheck(), new SchedulerDecisionsCheck(),
        new ServiceProxyIpvsTrafficCheck(), new KubeProxyIptablesCheck(),
        new KubeProxyIpvsCheck(), new IngressNginxClusterCheck()));
  }

  public List<Check> checks() {
    return checks;
  }

  /**
   * The same suite with only the named capabilities.
   *
   * @throws IllegalArgumentException naming a capability the suite does not have
   */
  public ConformanceSuite only(Collection<String> capabilities) {
    List<String> known = checks.stream().map(Check::capability).toList();
    for (String capability : capabilities) {
      if (!known.contains(capability)) {
        throw new IllegalArgumentException("unknown capability '" + capability
            + "', expected one of " + String.join(", ", known));
      }
    }
    return new ConformanceSuite(checks.stream()
        .filter(c -> capabilities.contains(c.capability())).toList());
  }

  /**
   * Runs every check that supports {@code target}, telling {@code listener} as each starts,
   * progresses and finishes. Every built-in check of {@code netns} also runs on
   * {@code container} (each is a {@link dev.svcnet.conformance.checks.NamespaceCheck}). A target
   * no check supports yields one NOT_RUN result saying so.
   */
  public List<CheckResult> run(Target target, Settings settings, SuiteListener listener) {
    return runChecks(target, settings, listener, Optional.empty());
  }

  /**
   * Runs every check that supports {@code run}'s target; on {@code vm} with a named kernel, that
   * kernel is prepared first (fetched with apt, see {@link PreparedKernel#prepare}) and booted by
   * every check that can boot named kernels; the others are reported NOT_RUN, as are all vm
   * checks when the kernel cannot be prepared.
   */
  public SuiteReport.Column run(TargetRun run, Settings settings, SuiteListener listener) {
    Objects.requireNonNull(listener, "listener");
    listener.targetStarted(run);
    if (run.kernel().isEmpty()) {
      List<CheckResult> results = runChecks(run.target(), settings, listener, Optional.empty());
      return new SuiteReport.Column(run, TargetEnvironment.describe(run, Optional.empty()),
          results);
    }
    KernelPackage kernel = run.kernel().get();
    if (checks.stream().noneMatch(c -> c.targets().contains(Target.VM))) {
      // Nothing would boot it: not worth a download.
      return new SuiteReport.Column(run, "kernel " + kernel.request()
          + " (not prepared: no vm check selected)", runChecks(Target.VM, settings, listener,
              Optional.of(kernel)));
    }
    Availability vm = KernelVm.defaults().availability();
    String unavailable;
    Optional<PreparedKernel> prepared = Optional.empty();
    if (!vm.canRun()) {
      unavailable = vm.reason();
    } else {
      try {
        prepared = Optional.of(PreparedKernel.prepare(kernel));
        unavailable = null;
      } catch (KernelVmException e) {
        unavailable = "cannot prepare kernel " + kernel.request() + ": " + e.getMessage();
      }
    }
    if (unavailable != null) {
      String reason = unavailable;
      List<CheckResult> results = new ArrayList<>();
      for (Check check : checks) {
        if (check.targets().contains(Target.VM)) {
          CheckResult notRun = CheckResult.notRun(check.capability(), Target.VM, reason);
          listener.finished(notRun);
          results.add(notRun);
        }
      }
      return new SuiteReport.Column(run, "kernel " + kernel.request() + " (not prepared)",
          results);
    }
    Settings onKernel = settings.withKernel(new Settings.NamedKernel(kernel.request(),
        prepared.get().dir()));
    return new SuiteReport.Column(run, TargetEnvironment.describe(run, prepared),
        runChecks(Target.VM, onKernel, listener, Optional.of(kernel)));
  }

  private List<CheckResult> runChecks(Target target, Settings settings, SuiteListener listener,
      Optional<KernelPackage> namedKernel) {
    Objects.requireNonNull(listener, "listener");
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      if (check.targets().contains(target) && namedKernel.isPresent()
          && !check.bootsNamedKernels()) {
        CheckResult notRun = CheckResult.notRun(check.capability(), target, "this check boots"
            + " only the default kernel, not " + namedKernel.get().request());
        listener.finished(notRun);
        results.add(notRun);
      } else if (check.targets().contains(target)) {
        listener.started(check, target);
        CheckResult result = check.run(target, settings,
            (done, total) -> listener.progressed(check, target, done, total));
        listener.finished(result);
        results.add(result);
      }
    }
    if (results.isEmpty()) {
      CheckResult none = CheckResult.notRun("suite", target,
          "this version has no checks for the " + target.cliName() + " target yet");
      listener.finished(none);
      results.add(none);
    }
    return results;
  }

  /** Runs the suite on each target in turn, each with its default kernel. */
  public SuiteReport run(List<Target> targets, Settings settings, SuiteListener listener) {
    return runAll(targets.stream().map(TargetRun::of).toList(), settings, listener);
  }

  /** Runs the suite on each target run in turn (one report column each). */
  public SuiteReport runAll(List<TargetRun> runs, Settings settings, SuiteListener listener) {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    List<SuiteReport.Column> columns = new ArrayList<>();
    for (TargetRun run : runs) {
      columns.add(run(run, settings, listener));
    }
    return new SuiteReport(settings, columns, started,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
