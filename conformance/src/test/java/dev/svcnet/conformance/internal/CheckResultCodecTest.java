package dev.svcnet.conformance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.XyChart;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A result crosses from the container's JVM to the suite's unchanged, as one line. */
class CheckResultCodecTest {

  @Test
  void aFailureWithItsCounterexampleAndChartsComesBackEqual() {
    CheckResult failed = new CheckResult("netfilter.x", Target.CONTAINER, Verdict.FAILED,
        "2 off\nsecond line, ünïcode", Duration.ofMillis(1234),
        new Counterexample(-7, "first\ncase", 5, "minimal", 1, "problem",
            "./svcnet conformance --target=container"),
        List.of(new ShareChart("shares", List.of("ep 0", "ep 1"), "kernel", List.of(0.25, 0.75),
            "svcnet", List.of(0.5, 0.5)),
            new XyChart("sync time", "services", "ms", List.of(
                new XyChart.Series("full", List.of(100.0, 200.0), List.of(12.5, 30.0)),
                new XyChart.Series("partial", List.of(100.0, 200.0), List.of(1.0, 1.5))))));

    String line = CheckResultCodec.encode(failed);

    assertThat(line).doesNotContain("\n");
    assertThat(CheckResultCodec.decode(line)).isEqualTo(failed);
  }

  @Test
  void aPassAndANotRunComeBackEqual() {
    CheckResult passed = new CheckResult("a", Target.NETNS, Verdict.PASSED, "ok", Duration.ZERO);
    CheckResult notRun = CheckResult.notRun("b", Target.CONTAINER, "no iptables");

    assertThat(CheckResultCodec.decode(CheckResultCodec.encode(passed))).isEqualTo(passed);
    assertThat(CheckResultCodec.decode(CheckResultCodec.encode(notRun))).isEqualTo(notRun);
  }

  @Test
  void aTruncatedLineIsRefused() {
    String line = CheckResultCodec.encode(new CheckResult("a", Target.NETNS, Verdict.PASSED,
        "a detail long enough to cut", Duration.ZERO));

    assertThatThrownBy(() -> CheckResultCodec.decode(line.substring(0, line.length() / 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an encoded check result");
  }
}
