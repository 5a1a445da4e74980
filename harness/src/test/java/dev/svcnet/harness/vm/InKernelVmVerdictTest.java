package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link Fixture} (an {@code @InKernelVm} class with passing, failing, aborting and
 * guest-only-skipped tests) through the JUnit launcher on the host and checks that each host test
 * reports its guest verdict; and that without QEMU every test aborts instead of passing.
 */
class InKernelVmVerdictTest {

  private static final String FIXTURE_PROPERTY = "svcnet.vm.fixture";

  /**
   * Not a test of its own: the class this test runs in the guest, launched only by it (the
   * property also reaches the guest). Its failing, aborting and guest-disabled tests are there on
   * purpose, so the verdict reported for each outcome is checked.
   */
  @InKernelVm(timeoutSeconds = 240)
  @EnabledIfSystemProperty(named = FIXTURE_PROPERTY, matches = "true")
  static class Fixture {

    @Test
    void passes() throws Exception {
      System.out.println("fixture output from the guest");
      assertThat(System.getProperty("os.version"))
          .isEqualTo(KernelVmTestSupport.preparedKernelVersion());
    }

    @Test
    void fails() {
      System.out.println("printed before failing");
      fail("guest says no");
    }

    @Test
    void aborts() {
      assumeTrue(false, "guest assumption");
    }

    @Test
    @DisabledIfEnvironmentVariable(named = KernelVm.GUEST_ENV, matches = "1",
        disabledReason = "disabled only in the guest")
    void skippedInTheGuest() {
      fail("ran in the guest although disabled there");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void onlyOneIsOne(int n) {
      assertThat(n).isEqualTo(1);
    }
  }

  @Test
  void hostTestsReportTheGuestVerdicts() throws Exception {
    VmAssumptions.availableVm();
    Map<String, TestExecutionResult> results = runFixture(Map.of());

    assertThat(results).containsOnlyKeys("passes()", "fails()", "aborts()",
        "skippedInTheGuest()", "[1] n=1", "[2] n=2");
    assertThat(results.get("passes()").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);

    TestExecutionResult failed = results.get("fails()");
    assertThat(failed.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    Throwable failure = failed.getThrowable().orElseThrow();
    assertThat(failure).isInstanceOf(GuestTestFailure.class)
        .hasMessageStartingWith("failed in the kernel VM: guest says no")
        .hasMessageContaining("--- stack trace in the guest ---")
        .hasMessageContaining("--- output in the guest ---\nprinted before failing");
    assertThat(failure.getStackTrace())
        .anyMatch(frame -> frame.getClassName().equals(Fixture.class.getName())
            && frame.getMethodName().equals("fails") && frame.getLineNumber() > 0);

    assertAborted(results.get("aborts()"), "aborted in the kernel VM: Assumption failed: "
        + "guest assumption");
    assertAborted(results.get("skippedInTheGuest()"), "skipped in the kernel VM: "
        + "Environment variable [SVCNET_IN_KERNEL_VM] with value [1] matches regular expression"
        + " [1] ==> disabled only in the guest");
    assertThat(results.get("[1] n=1").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(results.get("[2] n=2").getStatus())
        .isEqualTo(TestExecutionResult.Status.FAILED);
  }

  @Test
  void withoutQemuEveryTestAbortsWithTheReason() {
    Map<String, TestExecutionResult> results =
        runFixture(Map.of(KernelVm.QEMU_PROPERTY, "/nonexistent/qemu-system-x86_64"));

    assertThat(results).containsKeys("passes()", "fails()", "aborts()", "[1] n=1");
    results.forEach((name, result) -> {
      assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.ABORTED);
      assertThat(result.getThrowable().orElseThrow().getMessage()).as(name)
          .startsWith("kernel VM unavailable: ")
          .contains("/nonexistent/qemu-system-x86_64 not found");
    });
  }

  private static void assertAborted(TestExecutionResult result, String message) {
    assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(result.getThrowable().orElseThrow()).hasMessage(message);
  }

  /** Runs the fixture on the host with extra system properties; results by display name. */
  private static Map<String, TestExecutionResult> runFixture(Map<String, String> properties) {
    Map<String, String> saved = new LinkedHashMap<>();
    Map<String, String> set = new LinkedHashMap<>(properties);
    set.put(FIXTURE_PROPERTY, "true");
    set.forEach((key, value) -> saved.put(key, System.setProperty(key, value)));
    Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    try {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(Fixture.class))
          .build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
              if (test.isTest()) {
                results.put(test.getDisplayName(), result);
              }
            }
          });
    } finally {
      saved.forEach((key, old) -> {
        if (old == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, old);
        }
      });
    }
    return results;
  }
}
