package dev.svcnet.lb.kernel;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.SchedulerFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fixed rr scenarios around the overload flag that random scenarios reach only now and then:
 * threshold edits with connections already bound, and a destination revived from the trash with
 * new thresholds. Played against the kernel in {@link SchedulerAgreesWithKernelTest}; what the
 * kernel decided is pinned for the model alone in {@link ThresholdEditModelTest}.
 */
final class ThresholdEdits {

  static final Endpoint VIP = Endpoint.of("10.96.0.1", 80);
  static final Endpoint A = Endpoint.of("10.244.1.2", 80);
  static final Endpoint B = Endpoint.of("10.244.1.3", 80);

  private ThresholdEdits() {}

  static KernelScenario.Step connect(int i) {
    return new KernelScenario.Connect(Endpoint.of("172.16.0." + i, 40000 + i));
  }

  private static KernelScenario rr(Object... steps) {
    List<KernelScenario.Step> list = new ArrayList<>();
    for (Object step : steps) {
      if (step instanceof Integer client) {
        list.add(connect(client));
      } else {
        list.add((KernelScenario.Step) step);
      }
    }
    return new KernelScenario(IpvsScheduler.RR, Set.<SchedulerFlag>of(), VIP, List.copyOf(list));
  }

  private static KernelScenario.Add add(Endpoint destination, int upper, int lower) {
    return new KernelScenario.Add(destination, 1, upper, lower);
  }

  private static KernelScenario.Update edit(Endpoint destination, int weight, int upper,
      int lower) {
    return new KernelScenario.Update(destination, weight, upper, lower);
  }

  /** Raising the upper threshold keeps the overload while the connections reach the lower one. */
  static final KernelScenario RAISED_UPPER_KEEPS_OVERLOAD =
      rr(add(A, 1, 0), 1, 2, edit(A, 1, 6, 1), 3, 4);

  /** Lowering the upper threshold to the connections or below overloads at once. */
  static final KernelScenario LOWERED_UPPER_OVERLOADS = rr(add(A, 0, 0), 1, 2, 3,
      edit(A, 1, 2, 0), 4, 5);

  /** An upper threshold above the connections and their implied lower threshold clears it. */
  static final KernelScenario RAISED_ABOVE_LOWER_CLEARS = rr(add(A, 0, 0), 1, 2, 3,
      edit(A, 1, 5, 0), 4, 5, 6);

  /** No upper threshold: never overloaded. */
  static final KernelScenario REMOVED_UPPER_CLEARS = rr(add(A, 1, 0), 1, 2, edit(A, 1, 0, 0),
      3, 4);

  /** A weight edit with the same thresholds leaves the flag alone. */
  static final KernelScenario WEIGHT_EDIT_KEEPS_OVERLOAD = rr(add(A, 1, 0), 1, edit(A, 2, 1, 0),
      2, 3);

  /** A destination revived from the trash keeps its connections and applies new thresholds. */
  static final KernelScenario REVIVED_WITH_THRESHOLDS = rr(add(A, 0, 0), add(B, 0, 0), 1, 2, 3, 4,
      new KernelScenario.Remove(A), 5, add(A, 2, 0), 6, 7, edit(A, 1, 3, 0), 8, 9);

  static List<KernelScenario> all() {
    return List.of(RAISED_UPPER_KEEPS_OVERLOAD, LOWERED_UPPER_OVERLOADS,
        RAISED_ABOVE_LOWER_CLEARS, REMOVED_UPPER_CLEARS, WEIGHT_EDIT_KEEPS_OVERLOAD,
        REVIVED_WITH_THRESHOLDS);
  }
}
