package dev.svcnet.ipvs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsBatchException;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Timeouts;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPVS client against a real kernel: Debian's, under QEMU (this machine's kernel has no
 * IPVS). Each test runs in a fresh network namespace of the guest, so each starts with an empty
 * IPVS table. Everything the client programs must read back identically through the client and
 * through the real ipvsadm, and vice versa.
 */
@InKernelVm(timeoutSeconds = 600)
@InNetworkNamespace
class IpvsClientKernelTest {

  @BeforeAll
  static void loadModules() throws Exception {
    GuestKernel.loadModules();
  }

  @BeforeEach
  void routableDummy() throws Exception {
    GuestKernel.addRoutableDummy();
  }

  private static InetAddress ip(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final ServiceId WEB = ServiceId.of(Protocol.TCP, ip("10.96.0.10"), 80);
  private static final ServiceId DNS6 = ServiceId.of(Protocol.UDP, ip("fd00:96::a"), 53);
  private static final ServiceId MARK = ServiceId.mark(7, false);
  private static final ServiceId SCTP = ServiceId.of(Protocol.SCTP, ip("10.96.0.11"), 3868);

  /** A varied table: every protocol, both families, a mark, flags, persistence, tunnels. */
  private static Map<VirtualService, List<RealServer>> variedTable() {
    Map<VirtualService, List<RealServer>> table = new HashMap<>();
    table.put(VirtualService.of(WEB, "rr"), List.of(
        RealServer.of(ip("10.244.1.2"), 8080, ForwardingMethod.MASQ),
        RealServer.of(ip("10.244.2.3"), 8080, ForwardingMethod.MASQ).withWeight(3)
            .withThresholds(100, 10)));
    table.put(VirtualService.of(DNS6, "sh").withFlags(Set.of(ServiceFlag.SH_FALLBACK,
        ServiceFlag.SH_PORT)).withPersistence(600).withNetmaskPrefix(64), List.of(
        RealServer.of(ip("fd00:244::2"), 5353, ForwardingMethod.MASQ).withWeight(0)));
    table.put(VirtualService.of(MARK, "wlc").withPersistence(30).withNetmaskPrefix(24), List.of(
        RealServer.of(ip("10.244.3.4"), 0, ForwardingMethod.ROUTE),
        RealServer.of(ip("10.244.3.5"), 0, ForwardingMethod.TUNNEL)
            .withForwarding(ForwardingMethod.TUNNEL,
                new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM))));
    table.put(VirtualService.of(SCTP, "mh").withFlags(Set.of(ServiceFlag.MH_PORT)), List.of(
        RealServer.of(ip("10.244.4.4"), 3868, ForwardingMethod.MASQ).withWeight(5)));
    return table;
  }

  private static void program(IpvsClient ipvs, Map<VirtualService, List<RealServer>> table)
      throws Exception {
    for (Map.Entry<VirtualService, List<RealServer>> entry : table.entrySet()) {
      ipvs.addService(entry.getKey());
      for (RealServer server : entry.getValue()) {
        ipvs.addDestination(entry.getKey().id(), server);
      }
    }
  }

  private static Map<VirtualService, Set<RealServer>> settingsOf(List<Service> dump) {
    return dump.stream().collect(Collectors.toMap(Service::service,
        s -> s.destinations().stream().map(Destination::server).collect(Collectors.toSet())));
  }

  private static Map<VirtualService, Set<RealServer>> asSets(
      Map<VirtualService, List<RealServer>> table) {
    return table.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> Set.copyOf(e.getValue())));
  }

  @Test
  void whatTheClientProgramsItReadsBackIdentically() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      program(ipvs, variedTable());
      assertThat(settingsOf(ipvs.dump())).isEqualTo(asSets(variedTable()));
      assertThat(ipvs.service(WEB)).map(Service::service)
          .contains(VirtualService.of(WEB, "rr"));
      assertThat(ipvs.service(ServiceId.mark(99, false))).isEmpty();
    }
  }

  @Test
  void destinationsComeBackNewestFirst() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      ipvs.addService(VirtualService.of(WEB, "rr"));
      for (int i = 1; i <= 4; i++) {
        ipvs.addDestination(WEB, RealServer.of(ip("10.244.9." + i), 80, ForwardingMethod.MASQ));
      }
      assertThat(ipvs.destinations(WEB)).extracting(d -> d.server().address().getHostAddress())
          .containsExactly("10.244.9.4", "10.244.9.3", "10.244.9.2", "10.244.9.1");
    }
  }

  @Test
  void ipvsadmSavesExactlyWhatTheClientProgrammed() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      program(ipvs, variedTable());
    }
    String saved = ExternalCommand.of("ipvsadm", "-S", "-n").runChecked();
    // ipvsadm sorts services by fwmark, family, protocol, address, port and destinations by
    // address, port (ipvs.md 3.3); its rule format is in ipvs.md 3.4.
    assertThat(saved.lines()).containsExactly(
        "-A -t 10.96.0.10:80 -s rr",
        "-a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m -w 1",
        "-a -t 10.96.0.10:80 -r 10.244.2.3:8080 -m -w 3",
        "-A --sctp-service 10.96.0.11:3868 -s mh -b mh-port",
        "-a --sctp-service 10.96.0.11:3868 -r 10.244.4.4:3868 -m -w 5",
        "-A -u [fd00:96::a]:53 -s sh -p 600 -M 64 -b sh-fallback,sh-port",
        "-a -u [fd00:96::a]:53 -r [fd00:244::2]:5353 -m -w 0",
        "-A -f 7 -s wlc -p 30 -M 255.255.255.0",
        "-a -f 7 -r 10.244.3.4:0 -g -w 1",
        "-a -f 7 -r 10.244.3.5:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum");
  }

  @Test
  void whatIpvsadmRestoreProgramsTheClientReadsBack() throws Exception {
    String rules = String.join("\n",
        "-A -t 10.96.0.10:80 -s rr",
        "-a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m -w 1",
        "-a -t 10.96.0.10:80 -r 10.244.2.3:8080 -m -w 3 -x 100 -y 10",
        "-A -u [fd00:96::a]:53 -s sh -p 600 -M 64 -b sh-fallback,sh-port",
        "-a -u [fd00:96::a]:53 -r [fd00:244::2]:5353 -m -w 0",
        "-A -f 7 -s wlc -p 30 -M 255.255.255.0",
        "-a -f 7 -r 10.244.3.4:0 -g -w 1",
        "-a -f 7 -r 10.244.3.5:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
        "-A --sctp-service 10.96.0.11:3868 -s mh -b mh-port",
        "-a --sctp-service 10.96.0.11:3868 -r 10.244.4.4:3868 -m -w 5",
        "");
    var restore = ExternalCommand.of("ipvsadm-restore").withStdin(rules).run();
    assertThat(restore.exitCode()).as(restore.describe()).isZero();
    try (IpvsClient ipvs = IpvsClient.open()) {
      assertThat(settingsOf(ipvs.dump())).isEqualTo(asSets(variedTable()));
    }
  }

  @Test
  void theKernelsRefusalsAreTyped() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      ipvs.addService(VirtualService.of(WEB, "rr"));
      RealServer server = RealServer.of(ip("10.244.1.2"), 8080, ForwardingMethod.MASQ);
      ipvs.addDestination(WEB, server);
      assertThatThrownBy(() -> ipvs.addService(VirtualService.of(WEB, "wlc")))
          .isInstanceOf(IpvsException.ServiceExists.class).hasMessageContaining("EEXIST");
      assertThatThrownBy(() -> ipvs.deleteService(MARK))
          .isInstanceOf(IpvsException.NoSuchService.class).hasMessageContaining("ESRCH");
      assertThatThrownBy(() -> ipvs.addService(VirtualService.of(MARK, "nosuchsched")))
          .isInstanceOf(IpvsException.UnknownScheduler.class).hasMessageContaining("ENOENT");
      assertThatThrownBy(() -> ipvs.addDestination(WEB, server))
          .isInstanceOf(IpvsException.DestinationExists.class);
      RealServer missing = RealServer.of(ip("10.244.9.9"), 1, ForwardingMethod.MASQ);
      assertThatThrownBy(() -> ipvs.updateDestination(WEB, missing))
          .isInstanceOf(IpvsException.NoSuchDestination.class).hasMessageContaining("ENOENT");
      assertThatThrownBy(() -> ipvs.addDestination(MARK, missing))
          .isInstanceOf(IpvsException.NoSuchService.class);
    }
  }

  @Test
  void updatesChangeSettingsInPlace() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      ipvs.addService(VirtualService.of(WEB, "rr"));
      RealServer server = RealServer.of(ip("10.244.1.2"), 8080, ForwardingMethod.MASQ);
      ipvs.addDestination(WEB, server);
      VirtualService changed = VirtualService.of(WEB, "wlc").withPersistence(120)
          .withNetmaskPrefix(16);
      ipvs.updateService(changed);
      ipvs.updateDestination(WEB, server.withWeight(7).withThresholds(50, 20));
      Service read = ipvs.dump().get(0);
      assertThat(read.service()).isEqualTo(changed);
      assertThat(read.destinations()).extracting(Destination::server)
          .containsExactly(server.withWeight(7).withThresholds(50, 20));
    }
  }

  @Test
  void infoTimeoutsZeroAndFlush() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      IpvsInfo info = ipvs.info();
      assertThat(info.version()).isEqualTo("1.2.1");
      assertThat(info.connectionTableSize()).isEqualTo(4096);
      ipvs.setTimeouts(new Timeouts(901, 121, 301));
      assertThat(ipvs.timeouts()).isEqualTo(new Timeouts(901, 121, 301));
      ipvs.setTimeouts(new Timeouts(0, 0, 302));
      assertThat(ipvs.timeouts()).isEqualTo(new Timeouts(901, 121, 302));
      assertThat(ExternalCommand.of("ipvsadm", "-L", "--timeout").runChecked())
          .isEqualTo("Timeout (tcp tcpfin udp): 901 121 302\n");
      program(ipvs, variedTable());
      ipvs.zero(Optional.of(WEB));
      ipvs.zero(Optional.empty());
      ipvs.flush();
      assertThat(ipvs.dump()).isEmpty();
    }
  }

  @Test
  void aBatchReportsEveryFailedOperationAndAppliesTheRest() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      RealServer a = RealServer.of(ip("10.244.1.2"), 80, ForwardingMethod.MASQ);
      List<IpvsOperation> operations = List.of(
          new IpvsOperation.AddService(VirtualService.of(WEB, "rr")),
          new IpvsOperation.AddService(VirtualService.of(WEB, "rr")),
          new IpvsOperation.AddDestination(WEB, a),
          new IpvsOperation.DeleteService(MARK),
          new IpvsOperation.AddDestination(WEB, a.withWeight(2)));
      assertThatThrownBy(() -> ipvs.apply(operations))
          .isInstanceOfSatisfying(IpvsBatchException.class, e -> {
            assertThat(e.failures()).extracting(IpvsBatchException.Failure::index)
                .containsExactly(1, 3, 4);
            assertThat(e.failures().get(0).error()).isInstanceOf(IpvsException.ServiceExists.class);
            assertThat(e.failures().get(1).error()).isInstanceOf(IpvsException.NoSuchService.class);
            assertThat(e.failures().get(2).error())
                .isInstanceOf(IpvsException.DestinationExists.class);
          });
      assertThat(ipvs.destinations(WEB)).extracting(Destination::server).containsExactly(a);
    }
  }

  @Test
  void tenThousandServicesWithTenDestinationsEachProgramInBatchesAndDumpBackIntactAlsoStreamed()
      throws Exception {
    Map<VirtualService, Set<RealServer>> expected = new HashMap<>();
    List<IpvsOperation> operations = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ServiceId id = ServiceId.of(Protocol.TCP,
          ip("10.97." + (i / 256) + "." + (i % 256)), 80 + i % 3);
      VirtualService service = VirtualService.of(id, i % 2 == 0 ? "rr" : "wlc");
      operations.add(new IpvsOperation.AddService(service));
      Set<RealServer> servers = new java.util.HashSet<>();
      for (int d = 0; d < 10; d++) {
        RealServer server = RealServer.of(ip("10.244." + (i / 256) + "." + (i % 256)), 8000 + d,
            ForwardingMethod.MASQ).withWeight(1 + d);
        operations.add(new IpvsOperation.AddDestination(id, server));
        servers.add(server);
      }
      expected.put(service, servers);
    }
    try (IpvsClient ipvs = IpvsClient.open()) {
      ipvs.apply(operations);
      List<Service> listed = ipvs.dump();
      assertThat(settingsOf(listed)).isEqualTo(expected);
      // the streaming dump hands over the same services, in the same order
      List<Service> streamed = new ArrayList<>();
      ipvs.dump(streamed::add);
      assertThat(streamed).isEqualTo(listed);
    }
  }

  /** Service {@code i} on 10.99.x.y:80 with {@code count} destinations whose ports say i. */
  private static List<IpvsOperation> numberedService(int i, int count) {
    ServiceId id = numberedId(i);
    List<IpvsOperation> operations = new ArrayList<>();
    operations.add(new IpvsOperation.AddService(VirtualService.of(id, "rr")));
    for (int d = 0; d < count; d++) {
      operations.add(new IpvsOperation.AddDestination(id,
          RealServer.of(ip("10.244.99." + (1 + d)), 10_000 + i, ForwardingMethod.MASQ)));
    }
    return operations;
  }

  private static ServiceId numberedId(int i) {
    return ServiceId.of(Protocol.TCP, ip("10.99." + (i / 256) + "." + (i % 256)), 80);
  }

  private static int numberOf(ServiceId id) {
    byte[] address = ((ServiceId.ByAddress) id).address().getAddress();
    return (address[2] & 0xFF) * 256 + (address[3] & 0xFF);
  }

  @Test
  void theStreamedDumpsConsumerMayUseTheClientAndEvenDumpAgain() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      for (int i = 0; i < 50; i++) {
        ipvs.apply(numberedService(i, 3));
      }
      List<Service> listed = ipvs.dump();
      List<Service> streamed = new ArrayList<>();
      List<List<Service>> inner = new ArrayList<>();
      ipvs.dump(service -> {
        try {
          assertThat(ipvs.destinations(service.id())).hasSameElementsAs(service.destinations());
          if (streamed.size() % 20 == 0) {
            inner.add(ipvs.dump());
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        streamed.add(service);
      });
      assertThat(listed).hasSize(50);
      assertThat(streamed).isEqualTo(listed);
      assertThat(inner).hasSize(3).allSatisfy(table -> assertThat(table).isEqualTo(listed));
    }
  }

  @Test
  void aConsumerThatThrowsEndsTheDumpWithItsExceptionAndTheClientStaysUsable()
      throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      for (int i = 0; i < 300; i++) {
        ipvs.apply(numberedService(i, 2));
      }
      int[] seen = new int[1];
      assertThatThrownBy(() -> ipvs.dump(service -> {
        if (++seen[0] == 7) {
          throw new IllegalStateException("consumer gave up");
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("consumer gave up");
      assertThat(seen[0]).isEqualTo(7);
      assertThatThrownBy(() -> ipvs.dump(service -> {
        throw new StackOverflowError("an Error, too");
      })).isInstanceOf(StackOverflowError.class);
      assertThat(ipvs.dump()).hasSize(300);
      assertThat(ipvs.info().connectionTableSize()).isPositive();
    }
  }

  @Test
  void dumpsRacingChangesAndEachOtherGiveEachServiceItsOwnDestinations() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      for (int i = 0; i < 200; i++) {
        ipvs.apply(numberedService(i, 4));
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      // One thread deletes and re-adds services 100..199 while two threads dump.
      Future<Integer> churn = pool.submit(() -> {
        for (int round = 0; round < 5; round++) {
          for (int i = 100; i < 200; i++) {
            ipvs.deleteService(numberedId(i));
            ipvs.apply(numberedService(i, 4));
          }
        }
        return 0;
      });
      List<Future<Integer>> dumps = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        dumps.add(pool.submit(() -> {
          int dumped = 0;
          while (!churn.isDone()) {
            ipvs.dump(service -> {
              int number = numberOf(service.id());
              // a service deleted while its destinations were read has none; else its own four
              assertThat(service.destinations()).hasSizeBetween(0, 4).allSatisfy(destination ->
                  assertThat(destination.server().port()).isEqualTo(10_000 + number));
            });
            dumped++;
          }
          return dumped;
        }));
      }
      churn.get();
      for (Future<Integer> dump : dumps) {
        assertThat(dump.get()).isPositive();
      }
      pool.shutdown();
      // Once the changes stop, a dump is complete again.
      List<Service> table = ipvs.dump();
      assertThat(table).hasSize(200).allSatisfy(service ->
          assertThat(service.destinations()).hasSize(4));
    }
  }

  @Test
  void eightThreadsSharingOneClientEndInTheExpectedState() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Map<VirtualService, Set<RealServer>>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> mixedOperations(ipvs, thread)));
      }
      Map<VirtualService, Set<RealServer>> expected = new HashMap<>();
      for (Future<Map<VirtualService, Set<RealServer>>> result : results) {
        expected.putAll(result.get());
      }
      pool.shutdown();
      assertThat(settingsOf(ipvs.dump())).isEqualTo(expected);
    }
  }

  /**
   * 1,000 operations by one thread on its own services (thread {@code t} owns 10.98.t.x):
   * adds, re-weights, deletes, reads; returns what its part of the table must be at the end.
   */
  private static Map<VirtualService, Set<RealServer>> mixedOperations(IpvsClient ipvs, int t)
      throws Exception {
    Map<ServiceId, VirtualService> services = new HashMap<>();
    Map<ServiceId, Map<InetAddress, RealServer>> servers = new HashMap<>();
    java.util.Random random = new java.util.Random(t);
    for (int op = 0; op < 1000; op++) {
      ServiceId id = ServiceId.of(Protocol.TCP, ip("10.98." + t + "." + random.nextInt(8)), 80);
      int choice = random.nextInt(6);
      if (!services.containsKey(id)) {
        VirtualService service = VirtualService.of(id, random.nextBoolean() ? "rr" : "wrr");
        ipvs.addService(service);
        services.put(id, service);
        servers.put(id, new HashMap<>());
      } else if (choice == 0) {
        ipvs.deleteService(id);
        services.remove(id);
        servers.remove(id);
      } else if (choice <= 2) {
        RealServer server = RealServer.of(ip("10.244.98." + (t * 30 + random.nextInt(30))), 80,
            ForwardingMethod.MASQ).withWeight(random.nextInt(10));
        Map<InetAddress, RealServer> current = servers.get(id);
        if (current.containsKey(server.address())) {
          ipvs.updateDestination(id, server);
        } else {
          ipvs.addDestination(id, server);
        }
        current.put(server.address(), server);
      } else if (choice == 3 && !servers.get(id).isEmpty()) {
        RealServer victim = servers.get(id).values().iterator().next();
        ipvs.deleteDestination(id, victim);
        servers.get(id).remove(victim.address());
      } else {
        Set<RealServer> seen = ipvs.destinations(id).stream().map(Destination::server)
            .collect(Collectors.toSet());
        assertThat(seen).isEqualTo(Set.copyOf(servers.get(id).values()));
      }
    }
    Map<VirtualService, Set<RealServer>> expected = new HashMap<>();
    services.forEach((id, service) -> expected.put(service, Set.copyOf(servers.get(id).values())));
    return expected;
  }
}
