package dev.svcnet.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.ConformanceSuite;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.SuiteListener;
import dev.svcnet.conformance.SuiteReport;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.checks.IpvsRoundTripCheck;
import dev.svcnet.conformance.checks.StatisticCascadeSharesCheck;
import dev.svcnet.conformance.checks.StatisticProbabilityCheck;
import dev.svcnet.conformance.checks.SyncTimeCheck;
import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.harness.vm.KernelVm;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The reports of a real run with a failure (the test-only fault switch), passes and a check not
 * run: JUnit XML as a parser reads it, and the HTML page as headless Chromium renders it.
 */
class ReportsTest {

  private static SuiteReport report;

  @BeforeAll
  static void runTheSuiteWithAWrongModel() {
    NamespaceAssumptions.assumeNamespacesAllowed("ReportsTest");
    ConformanceSuite suite = new ConformanceSuite(List.of(new StatisticProbabilityCheck(),
        new StatisticCascadeSharesCheck(), new SyncTimeCheck(),
        new IpvsRoundTripCheck(KernelVm.defaults().withQemu("/nonexistent/qemu"))));
    report = suite.run(List.of(Target.NETNS, Target.VM), new Settings(11, 4, true),
        SuiteListener.none());
    assertThat(report.results()).extracting(CheckResult::verdict)
        .containsExactly(Verdict.FAILED, Verdict.FAILED, Verdict.PASSED, Verdict.NOT_RUN);
  }

  @Test
  void junitXmlHasOneSuitePerTargetAndOneCasePerCapability(@TempDir Path dir) throws Exception {
    Reports.write(dir, report);

    Element netns = parse(dir.resolve("TEST-svcnet-conformance-netns.xml")).getDocumentElement();
    assertThat(netns.getTagName()).isEqualTo("testsuite");
    assertThat(netns.getAttribute("tests")).isEqualTo("3");
    assertThat(netns.getAttribute("failures")).isEqualTo("2");
    assertThat(netns.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    Element failure = (Element) netns.getElementsByTagName("failure").item(0);
    assertThat(failure.getTextContent()).contains("minimal counterexample (1)")
        .contains("reproduce: ./svcnet conformance --target=netns"
            + " --capability=netfilter.statistic-probability --seed=11 --tries=4");

    Element environment = (Element) netns.getElementsByTagName("property").item(2);
    assertThat(environment.getAttribute("name")).isEqualTo("environment");
    assertThat(environment.getAttribute("value")).isEqualTo("this machine's kernel "
        + localKernel());

    Element vm = parse(dir.resolve("TEST-svcnet-conformance-vm.xml")).getDocumentElement();
    assertThat(vm.getAttribute("skipped")).isEqualTo("1");
    Element skipped = (Element) vm.getElementsByTagName("skipped").item(0);
    assertThat(skipped.getAttribute("message")).startsWith("not run: ")
        .contains("/nonexistent/qemu");
  }

  @Test
  void htmlReportRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
    Optional<String> chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
        .filter(ReportsTest::onPath).findFirst();
    Assumptions.assumeTrue(chromium.isPresent(), "HTML report not rendered: no chromium on"
        + " PATH (scripts/setup tests installs it: apt-get install chromium)");
    Reports.write(dir, report);
    Path html = dir.resolve("conformance.html");

    CommandResult rendered = ExternalCommand.of(chromium.get(), "--headless", "--no-sandbox",
        "--disable-gpu", "--user-data-dir=" + dir.resolve("chromium-profile"),
        "--dump-dom", html.toUri().toString()).withTimeout(java.time.Duration.ofMinutes(2)).run();
    assertThat(rendered.succeeded()).as(rendered.describe()).isTrue();
    String dom = rendered.stdout();

    assertThat(dom).contains("svcnet conformance report")
        .contains("Seed 11, tries 4, targets netns, vm: 1 passed, 2 failed, 1 not run")
        .contains("netfilter.statistic-probability on netns")
        .contains("Minimal counterexample after shrinking (size 1)")
        .contains("./svcnet conformance --target=netns"
            + " --capability=netfilter.statistic-probability --seed=11 --tries=4")
        .contains("not run: ").contains("/nonexistent/qemu")
        .contains("this machine's kernel " + localKernel()).contains(" under QEMU")
        .contains("<img alt=\"statistic cascade, ")
        .contains("<img alt=\"sync time vs number of Services")
        .contains("src=\"data:image/png;base64,iVBORw0KGgo");
  }

  private static String localKernel() throws java.io.IOException {
    return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }
}
