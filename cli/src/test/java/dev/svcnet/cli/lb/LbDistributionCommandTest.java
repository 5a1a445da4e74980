package dev.svcnet.cli.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LbDistributionCommandTest {

  private static final Pattern FLOWS = Pattern.compile("^\\s+(\\S+)\\s+weight (\\d+)\\s+(\\d+) flows");
  private static final Pattern MOVED =
      Pattern.compile("moved: (\\d+) of (\\d+) flows \\((\\d+) were on \\S+: the minimum; (\\d+)");

  private static int flowsOf(Run run, String endpoint, int occurrence) {
    int seen = 0;
    for (String line : run.lines()) {
      Matcher m = FLOWS.matcher(line);
      if (m.find() && m.group(1).equals(endpoint) && seen++ == occurrence) {
        return Integer.parseInt(m.group(3));
      }
    }
    throw new AssertionError("no line for " + endpoint + " in\n" + run.out());
  }

  @Test
  void wrrSharesFollowTheWeightsExactly() {
    Run run = Run.of("lb", "distribution", "--scheduler=wrr", "--dest=10.0.0.1:80@1",
        "--dest=10.0.0.2:80@2", "--dest=10.0.0.3:80@3", "--flows=600");
    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()[0]).isEqualTo("wrr, 600 flows");
    assertThat(flowsOf(run, "10.0.0.1:80", 0)).isEqualTo(100);
    assertThat(flowsOf(run, "10.0.0.2:80", 0)).isEqualTo(200);
    assertThat(flowsOf(run, "10.0.0.3:80", 0)).isEqualTo(300);
  }

  @Test
  void removingAnMhDestinationMovesItsFlowsAndFewOthers() {
    Run run = Run.of("lb", "distribution", "--scheduler=mh", "--flags=mh-port",
        "--dest=10.0.0.1:80", "--dest=10.0.0.2:80", "--dest=10.0.0.3:80", "--dest=10.0.0.4:80",
        "--flows=4000", "--remove=10.0.0.2:80");
    assertThat(run.exitCode()).isZero();
    Matcher m = MOVED.matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    int moved = Integer.parseInt(m.group(1));
    int minimum = Integer.parseInt(m.group(3));
    assertThat(minimum).isEqualTo(flowsOf(run, "10.0.0.2:80", 0)).isBetween(800, 1200);
    assertThat(moved - minimum).isEqualTo(Integer.parseInt(m.group(4))).isLessThan(200);
    assertThat(flowsOf(run, "10.0.0.1:80", 1) + flowsOf(run, "10.0.0.3:80", 1)
        + flowsOf(run, "10.0.0.4:80", 1)).isEqualTo(4000);
  }

  @Test
  void removeIsOnlyForHashingSchedulersAndMustNameADestination() {
    Run rr = Run.of("lb", "distribution", "--scheduler=rr", "--dest=10.0.0.1:80",
        "--flows=10", "--remove=10.0.0.1:80");
    assertThat(rr.exitCode()).isEqualTo(2);
    assertThat(rr.err()).contains("--remove").contains("hashing");
    Run unknown = Run.of("lb", "distribution", "--scheduler=sh", "--dest=10.0.0.1:80",
        "--flows=10", "--remove=10.0.0.9:80");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--remove");
  }

  @Test
  void flowsMustBePositive() {
    Run run = Run.of("lb", "distribution", "--scheduler=sh", "--dest=10.0.0.1:80", "--flows=0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--flows");
  }
}
