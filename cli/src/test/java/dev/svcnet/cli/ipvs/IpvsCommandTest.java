package dev.svcnet.cli.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.fake.FakeIpvsClient;
import dev.svcnet.ipvs.text.IpvsadmRules;
import dev.svcnet.ipvs.IpvsBatchException;
import dev.svcnet.ipvs.IpvsException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code svcnet ipvs list | save | restore}, against the real kernel and an in-memory table. */
class IpvsCommandTest {

  private static final String RULES = ""
      + "# from ipvsadm -S -n\n"
      + "-A -t 10.0.0.1:80 -s rr\n"
      + "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1\n"
      + "-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 2\n";

  private final ServiceId web = ServiceId.of(Protocol.TCP, ip("10.0.0.1"), 80);

  private static InetAddress ip(String text) {
    try {
      return InetAddress.getByAddress(InetAddress.getByName(text).getAddress());
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A backend that hands out {@code table} and never closes it. */
  private static IpvsBackend.Opener backed(FakeIpvsClient table) {
    return () -> table;
  }

  @Test
  void onAKernelWithoutIpvsListExits1WithTheReason() throws Exception {
    boolean hasIpvs;
    try (IpvsClient client = IpvsClient.open()) {
      hasIpvs = true;
    } catch (dev.svcnet.ipvs.IpvsException.Unavailable e) {
      hasIpvs = false;
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(hasIpvs, "this host has IPVS");
    IpvsRun run = IpvsRun.onKernel("", "ipvs", "list");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("svcnet ipvs list: this kernel has no IPVS");
    assertThat(run.out()).isEmpty();
    assertThat(IpvsRun.onKernel("", "ipvs", "save").err()).contains("this kernel has no IPVS");
  }

  @Test
  void aBadRuleFileExits2NamingTheLineBeforeTheKernelIsOpened() {
    AtomicBoolean opened = new AtomicBoolean();
    String bad = RULES + "-a -t 10.0.0.1:80 -r 10.0.0.4:80 -m -w 70000\n";
    IpvsRun run = IpvsRun.of(() -> {
      opened.set(true);
      return new FakeIpvsClient();
    }, bad, "ipvs", "restore");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("svcnet ipvs restore: line 5: illegal weight specified"
        + " (at '70000')" + System.lineSeparator());
    assertThat(opened).isFalse();
    // the same against the real kernel: exit 2 (not 1, no IPVS here), so it was not reached
    assertThat(IpvsRun.onKernel(bad, "ipvs", "restore", "--reconcile").exitCode()).isEqualTo(2);
  }

  @Test
  void aFileThatContradictsItselfIsRefusedBeforeTheKernelToo() {
    AtomicBoolean opened = new AtomicBoolean();
    IpvsRun run = IpvsRun.of(() -> {
      opened.set(true);
      return new FakeIpvsClient();
    }, "-A -t 10.0.0.1:80\n-a -t 10.0.0.9:80 -r 10.0.0.2\n", "ipvs", "restore");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("svcnet ipvs restore: line 2: ")
        .contains("no such service");
    assertThat(opened).isFalse();
  }

  @Test
  void restoreClearsTheTableThenAppliesTheFileAsIpvsadmRestoreDoes() throws Exception {
    FakeIpvsClient setup = new FakeIpvsClient();
    setup.addService(VirtualService.of(ServiceId.of(Protocol.UDP, ip("10.9.9.9"), 53), "rr"));
    FakeIpvsClient table = FakeIpvsClient.of(setup.dump());
    IpvsRun run = IpvsRun.of(backed(table), RULES, "ipvs", "restore");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<IpvsOperation> expected = new java.util.ArrayList<>(List.of(new IpvsOperation.Flush()));
    for (IpvsadmRules.Rule rule : IpvsadmRules.parse(RULES)) {
      expected.add(rule.operation());
    }
    assertThat(table.applied()).isEqualTo(expected);
    IpvsRun saved = IpvsRun.of(backed(table), "", "ipvs", "save");
    assertThat(saved.out()).isEqualTo(""
        + "-A -t 10.0.0.1:80 -s rr\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 2\n");
  }

  @Test
  void reconcileChangesOnlyWhatDiffers() throws Exception {
    FakeIpvsClient setup = new FakeIpvsClient();
    RealServer two = RealServer.of(ip("10.0.0.2"), 80, ForwardingMethod.MASQ);
    RealServer old = RealServer.of(ip("10.0.0.7"), 80, ForwardingMethod.MASQ);
    setup.addService(VirtualService.of(web, "rr"));
    setup.addDestination(web, two);
    setup.addDestination(web, old);
    FakeIpvsClient table = FakeIpvsClient.of(setup.dump());
    IpvsRun run = IpvsRun.of(backed(table), RULES, "ipvs", "restore", "--reconcile");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(table.applied()).containsExactly(
        new IpvsOperation.DeleteDestination(web, old),
        new IpvsOperation.AddDestination(web,
            RealServer.of(ip("10.0.0.3"), 80, ForwardingMethod.MASQ).withWeight(2)));
    // a second reconcile has nothing to do
    IpvsRun again = IpvsRun.of(backed(table), RULES, "ipvs", "restore", "--reconcile",
        "--dry-run");
    assertThat(again.out()).isEmpty();
  }

  @Test
  void dryRunPrintsTheCommandsAndAppliesNothing() throws Exception {
    FakeIpvsClient table = new FakeIpvsClient();
    table.addService(VirtualService.of(web, "wlc"));
    IpvsRun run = IpvsRun.of(backed(FakeIpvsClient.of(table.dump())), RULES, "ipvs", "restore",
        "--reconcile", "--dry-run");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(""
        + "-E -t 10.0.0.1:80 -s rr\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 2\n");
    assertThat(table.dump()).singleElement()
        .satisfies(s -> assertThat(s.service().scheduler()).isEqualTo("wlc"));
  }

  @Test
  void listPrintsWhatIpvsadmListPrints() throws Exception {
    FakeIpvsClient table = new FakeIpvsClient();
    table.addService(VirtualService.of(web, "rr"));
    table.addDestination(web, RealServer.of(ip("10.0.0.2"), 80, ForwardingMethod.MASQ));
    IpvsRun run = IpvsRun.of(backed(table), "", "ipvs", "list");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(""
        + "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port Scheduler Flags\n"
        + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        + "TCP  10.0.0.1:80 rr\n"
        + "  -> 10.0.0.2:80                  Masq    1      0          0         \n");
    assertThat(IpvsRun.of(backed(table), "", "ipvs", "list", "--stats").out())
        .contains("TCP  10.0.0.1:80                         0        0        0        0"
            + "        0\n");
    assertThat(IpvsRun.of(backed(table), "", "ipvs", "list", "--timeout").out())
        .isEqualTo("Timeout (tcp tcpfin udp): 900 120 300\n");
  }

  @Test
  void conflictingListOptionsAreBadUsage() {
    IpvsRun run = IpvsRun.of(backed(new FakeIpvsClient()), "", "ipvs", "list", "--timeout",
        "--stats");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout conflicts with --stats");
  }

  @Test
  void aKernelRefusalNamesTheRuleFileLineAndExits1() {
    // a kernel that refuses the third entry of the batch (line 3 of the file: Flush is first)
    FakeIpvsClient table = new FakeIpvsClient();
    IpvsClient refusing = (IpvsClient) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {IpvsClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("apply")) {
            @SuppressWarnings("unchecked")
            List<IpvsOperation> batch = (List<IpvsOperation>) args[0];
            throw new IpvsBatchException(List.of(new IpvsBatchException.Failure(2, batch.get(2),
                new IpvsException.UnknownScheduler("unknown scheduler", 2, null))));
          }
          try {
            return method.invoke(table, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    IpvsRun run = IpvsRun.of(() -> refusing, RULES, "ipvs", "restore");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("1 operation(s) failed")
        .contains("line 3 (-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1): unknown scheduler");
  }

  private static final String PROC_CONN = ""
      + "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
      + "TCP 0A000009 A1B2 0A000001 0050 0A000002 0050 ESTABLISHED     899\n";

  @Test
  void listConnectionsPrintsTheConnectionTableAsIpvsadmLnc() {
    IpvsRun run = IpvsRun.withConnections(
        () -> dev.svcnet.ipvs.Connections.parse(PROC_CONN), "ipvs", "list", "-c");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("IPVS connection entries\n"
        + "pro expire state       source             virtual            destination\n"
        + "TCP 14:59  ESTABLISHED 10.0.0.9:41394     10.0.0.1:80        10.0.0.2:80\n");
    assertThat(IpvsRun.withConnections(() -> dev.svcnet.ipvs.Connections.parse(PROC_CONN),
        "ipvs", "list", "--connections").out()).isEqualTo(run.out());
  }

  @Test
  void listConnectionsWithAnotherViewIsAUsageErrorAndAMalformedTableExits1() {
    IpvsRun conflict = IpvsRun.withConnections(
        () -> dev.svcnet.ipvs.Connections.parse(PROC_CONN), "ipvs", "list", "-c", "--stats");
    assertThat(conflict.exitCode()).isEqualTo(2);
    assertThat(conflict.err()).contains("--connections conflicts with");
    IpvsRun malformed = IpvsRun.withConnections(
        () -> dev.svcnet.ipvs.Connections.parse("Pro FromIP\nTCP 1 2\n"), "ipvs", "list", "-c");
    assertThat(malformed.exitCode()).isEqualTo(1);
    assertThat(malformed.err()).startsWith("svcnet ipvs list: ip_vs_conn line 2:");
    assertThat(malformed.out()).isEmpty();
  }
}
