package dev.svcnet.lb.kernel;

import static dev.svcnet.lb.kernel.ThresholdEdits.A;
import static dev.svcnet.lb.kernel.ThresholdEdits.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.Packet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overload flag across threshold edits, as Debian's 6.1.192 kernel decided under QEMU
 * ({@link SchedulerAgreesWithKernelTest#thresholdEditsAgreeWithTheKernel}), pinned for the model
 * on the host. The kernel re-evaluates the flag only when a threshold changes: at or above the
 * upper threshold it is set, below the lower one (or 3/4 of the upper) cleared, in between left
 * alone; a bind sets it when the connections reach the upper threshold.
 */
class ThresholdEditModelTest {

  private static final String NONE = "none";

  /** The model's decision for each connection of the scenario, as destination addresses. */
  private static List<String> decisions(KernelScenario scenario) {
    IpvsService model = IpvsService.create(IpvsServiceConfig.of(scenario.scheduler()));
    List<String> decisions = new ArrayList<>();
    for (KernelScenario.Step step : scenario.steps()) {
      if (step instanceof KernelScenario.Add add) {
        model.addDestination(new DestinationConfig(add.destination(), add.weight(), add.upper(),
            add.lower()));
      } else if (step instanceof KernelScenario.Update update) {
        model.updateDestination(new DestinationConfig(update.destination(), update.weight(),
            update.upper(), update.lower()));
      } else if (step instanceof KernelScenario.Remove remove) {
        model.removeDestination(remove.destination());
      } else if (step instanceof KernelScenario.Connect connect) {
        decisions.add(model.open(Packet.tcp(connect.client(), scenario.vip()))
            .map(IpvsConnection::destination).map(Endpoint::toString).orElse(NONE));
      }
    }
    return decisions;
  }

  private static final String a = A.toString();
  private static final String b = B.toString();

  @Test
  void raisingTheUpperThresholdKeepsTheOverloadWhileAtOrAboveTheLower() {
    assertThat(decisions(ThresholdEdits.RAISED_UPPER_KEEPS_OVERLOAD))
        .containsExactly(a, NONE, NONE, NONE);
  }

  @Test
  void loweringTheUpperThresholdToTheConnectionsOverloadsAtOnce() {
    assertThat(decisions(ThresholdEdits.LOWERED_UPPER_OVERLOADS))
        .containsExactly(a, a, a, NONE, NONE);
  }

  @Test
  void anUpperThresholdAboveTheImpliedLowerOneClearsAndOverloadsOnReachingIt() {
    assertThat(decisions(ThresholdEdits.RAISED_ABOVE_LOWER_CLEARS))
        .containsExactly(a, a, a, a, a, NONE);
  }

  @Test
  void removingTheUpperThresholdClears() {
    assertThat(decisions(ThresholdEdits.REMOVED_UPPER_CLEARS)).containsExactly(a, NONE, a, a);
  }

  @Test
  void aWeightEditWithTheSameThresholdsKeepsTheOverload() {
    assertThat(decisions(ThresholdEdits.WEIGHT_EDIT_KEEPS_OVERLOAD))
        .containsExactly(a, NONE, NONE);
  }

  @Test
  void aRevivedDestinationKeepsItsConnectionsAndAppliesItsNewThresholds() {
    assertThat(decisions(ThresholdEdits.REVIVED_WITH_THRESHOLDS))
        .containsExactly(b, a, b, a, b, b, b, a, b);
  }
}
