package dev.svcnet.ipvs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.fake.FakeIpvsClient;
import dev.svcnet.netlink.NetlinkException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of create/update/delete/flush operations, applied one by one to the real
 * kernel (Debian's, under QEMU) and to {@link FakeIpvsClient}: after every operation both
 * refuse or accept alike (the same exception type) and at the end their tables are equal.
 */
@InKernelVm(timeoutSeconds = 600)
@InNetworkNamespace
class KernelAgreesWithFakeTest {

  private static final String[] SCHEDULERS = {"rr", "wlc", "sh", "nosuchsched"};

  @BeforeEach
  void routableDummy() throws Exception {
    GuestKernel.addRoutableDummy();
  }

  private static ServiceId service(int n) {
    try {
      return n % 4 == 3 ? ServiceId.mark(1 + n % 3, false)
          : ServiceId.of(Protocol.values()[n % 3], InetAddress.getByName("10.96.0." + (n % 3)),
              80 + n % 2);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RealServer server(int n) {
    try {
      return RealServer.of(InetAddress.getByName("10.244.0." + (2 + n % 4)), 8080,
          ForwardingMethod.MASQ).withWeight(n % 5);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One operation from an integer: kind in the low bits, arguments above. */
  private static String apply(IpvsClient ipvs, int code) throws NetlinkException {
    int kind = code % 8;
    ServiceId id = service((code / 8) % 16);
    RealServer server = server((code / 128) % 20);
    String scheduler = SCHEDULERS[(code / 2560) % SCHEDULERS.length];
    try {
      switch (kind) {
        case 0, 1 -> ipvs.addService(VirtualService.of(id, scheduler));
        case 2 -> ipvs.updateService(VirtualService.of(id, scheduler).withPersistence(60));
        case 3 -> ipvs.deleteService(id);
        case 4 -> ipvs.addDestination(id, server);
        case 5 -> ipvs.updateDestination(id, server);
        case 6 -> ipvs.deleteDestination(id, server);
        default -> {
          if ((code / 8) % 10 == 0) {
            ipvs.flush();
          } else {
            ipvs.addDestination(id, server);
          }
        }
      }
      return "ok";
    } catch (IpvsException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static Map<VirtualService, Set<RealServer>> settingsOf(List<Service> services,
      IpvsClient ipvs) throws NetlinkException {
    Map<VirtualService, Set<RealServer>> table = new java.util.HashMap<>();
    for (Service service : services) {
      table.put(service.service(), ipvs.destinations(service.id()).stream()
          .map(Destination::server).collect(Collectors.toSet()));
    }
    return table;
  }

  @Test
  void randomOperationSequencesEndInEqualStatesWithEqualErrors() throws Exception {
    try (IpvsClient kernel = IpvsClient.open()) {
      qt().withExamples(30).withShrinkCycles(20)
          .forAll(lists().of(integers().between(0, 10_239)).ofSizeBetween(1, 25))
          .checkAssert(codes -> {
            try {
              kernel.flush();
              FakeIpvsClient fake = new FakeIpvsClient();
              for (int code : codes) {
                assertThat(apply(kernel, code)).as("operation %d of %s", code, codes)
                    .isEqualTo(apply(fake, code));
              }
              assertThat(settingsOf(kernel.services(), kernel))
                  .isEqualTo(settingsOf(fake.services(), fake));
            } catch (NetlinkException e) {
              throw new AssertionError(e);
            }
          });
    }
  }

  @Test
  void theFakeListsDestinationsInTheKernelsOrder() throws Exception {
    try (IpvsClient kernel = IpvsClient.open()) {
      FakeIpvsClient fake = new FakeIpvsClient();
      for (IpvsClient ipvs : List.of(kernel, fake)) {
        ipvs.addService(VirtualService.of(service(0), "rr"));
        for (int i = 0; i < 4; i++) {
          ipvs.addDestination(service(0), server(i));
        }
        ipvs.deleteDestination(service(0), server(1));
        ipvs.addDestination(service(0), server(1));
      }
      assertThat(kernel.destinations(service(0))).extracting(Destination::server)
          .containsExactlyElementsOf(fake.destinations(service(0)).stream()
              .map(Destination::server).toList());
    }
  }
}
