package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.internal.ContainerRun;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.time.Duration;
import java.util.Set;

/**
 * A check whose property runs inside one network namespace that it takes over, so that the same
 * code runs on two targets: on {@code netns} in a fresh network namespace of this machine, and
 * on {@code container} inside a fresh container of svcnet's network-tools image (its own network
 * namespace, NET_ADMIN and NET_RAW only), where a JVM started in the container runs {@link
 * #runInThisNamespace} and streams its progress and result back (see {@link ContainerRun}).
 * Subclasses need a public no-argument constructor: the container builds its own instance.
 */
public abstract class NamespaceCheck implements Check {

  @Override
  public final Set<Target> targets() {
    return Set.of(Target.NETNS, Target.CONTAINER);
  }

  /**
   * Runs the property in the calling thread's network namespace, which it may change at will
   * (rules, addresses, sockets), reporting {@link Verdict#NOT_RUN} when a program it needs is
   * missing.
   */
  public abstract CheckResult runInThisNamespace(Target target, Settings settings,
      Progress progress);

  @Override
  public final CheckResult run(Target target, Settings settings) {
    return run(target, settings, Progress.ignored());
  }

  /**
   * Why the check cannot run on this machine whatever the target (a program the container's
   * image copies from this machine is missing here, say), or null; checked before a namespace or
   * a container is made.
   */
  protected String missingOnThisMachine() {
    return null;
  }

  @Override
  public final CheckResult run(Target target, Settings settings, Progress progress) {
    String missing = missingOnThisMachine();
    if (missing != null && (target == Target.NETNS || target == Target.CONTAINER)) {
      return CheckResult.notRun(capability(), target, missing);
    }
    return switch (target) {
      case NETNS -> inFreshNamespace(settings, progress);
      case CONTAINER -> ContainerRun.run(this, settings, progress);
      default -> CheckResult.notRun(capability(), target, "runs on the netns and container"
          + " targets");
    };
  }

  private CheckResult inFreshNamespace(Settings settings, Progress progress) {
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      return CheckResult.notRun(capability(), Target.NETNS, missing);
    }
    long started = System.nanoTime();
    String label = "conformance-" + capability().substring(capability().lastIndexOf('.') + 1);
    try (NetworkNamespace ns = NetworkNamespace.create(label)) {
      return ns.call(() -> runInThisNamespace(Target.NETNS, settings, progress));
    } catch (Exception e) {
      return new CheckResult(capability(), Target.NETNS, Verdict.FAILED,
          "the check could not complete: " + e,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
