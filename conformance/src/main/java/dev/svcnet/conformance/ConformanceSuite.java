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
import dev.svcnet.conformance.cluster.KubeProxyIptablesCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

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
        new ServiceProxyIpvsTrafficCheck(), new KubeProxyIptablesCheck()));
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
   * progresses and finishes. A target no check supports yields one NOT_RUN result saying so.
   */
  public List<CheckResult> run(Target target, Settings settings, SuiteListener listener) {
    Objects.requireNonNull(listener, "listener");
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      if (check.targets().contains(target)) {
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

  /** Runs the suite on each target in turn. */
  public SuiteReport run(List<Target> targets, Settings settings, SuiteListener listener) {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    List<CheckResult> results = new ArrayList<>();
    for (Target target : targets) {
      results.addAll(run(target, settings, listener));
    }
    return new SuiteReport(settings, targets, results, started,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
