package dev.svcnet.ipvs.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsBatchException;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Timeouts;
import dev.svcnet.ipvs.VirtualService;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory table keeps and refuses what the kernel keeps and refuses. */
class FakeIpvsClientTest {

  private final ServiceId web = ServiceId.of(Protocol.TCP, address("10.0.0.1"), 80);
  private final RealServer a = RealServer.of(address("10.0.0.2"), 80, ForwardingMethod.MASQ);
  private final RealServer b = RealServer.of(address("10.0.0.3"), 80, ForwardingMethod.MASQ);

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void newDestinationsAreListedFirstAsInTheKernel() throws Exception {
    FakeIpvsClient fake = new FakeIpvsClient();
    fake.addService(VirtualService.of(web, "rr"));
    fake.addDestination(web, a);
    fake.addDestination(web, b);
    assertThat(fake.destinations(web)).extracting(Destination::server).containsExactly(b, a);
    fake.updateDestination(web, a.withWeight(5));
    assertThat(fake.destinations(web)).extracting(Destination::server)
        .containsExactly(b, a.withWeight(5));
  }

  @Test
  void theKernelsRefusalsComeWithTheKernelsExceptionTypes() throws Exception {
    FakeIpvsClient fake = new FakeIpvsClient();
    assertThatThrownBy(() -> fake.addDestination(web, a))
        .isInstanceOf(IpvsException.NoSuchService.class);
    assertThatThrownBy(() -> fake.updateService(VirtualService.of(web, "rr")))
        .isInstanceOf(IpvsException.NoSuchService.class);
    fake.addService(VirtualService.of(web, "rr"));
    assertThatThrownBy(() -> fake.addService(VirtualService.of(web, "wlc")))
        .isInstanceOf(IpvsException.ServiceExists.class);
    fake.addDestination(web, a);
    assertThatThrownBy(() -> fake.addDestination(web, a.withWeight(3)))
        .isInstanceOf(IpvsException.DestinationExists.class);
    assertThatThrownBy(() -> fake.deleteDestination(web, b))
        .isInstanceOf(IpvsException.NoSuchDestination.class)
        .extracting(e -> ((IpvsException) e).errno()).isEqualTo(2);
    assertThat(fake.service(web)).map(s -> s.service().scheduler()).contains("rr");
  }

  @Test
  void aBatchGoesOnAfterAFailureAndReportsItByIndex() throws Exception {
    FakeIpvsClient fake = new FakeIpvsClient();
    List<IpvsOperation> batch = List.of(
        new IpvsOperation.AddService(VirtualService.of(web, "rr")),
        new IpvsOperation.DeleteDestination(web, b),
        new IpvsOperation.AddDestination(web, a));
    assertThatThrownBy(() -> fake.apply(batch))
        .isInstanceOfSatisfying(IpvsBatchException.class, e -> {
          assertThat(e.failures()).hasSize(1);
          assertThat(e.failures().get(0).index()).isEqualTo(1);
        });
    assertThat(fake.dump()).singleElement()
        .satisfies(s -> assertThat(s.destinations()).hasSize(1));
    assertThat(fake.applied()).containsExactly(batch.get(0), batch.get(2));
  }

  @Test
  void flushDeletesEverythingAndAStateCanBeLoaded() throws Exception {
    FakeIpvsClient fake = new FakeIpvsClient();
    fake.addService(VirtualService.of(web, "rr"));
    fake.addDestination(web, a);
    fake.addDestination(web, b);
    FakeIpvsClient copy = FakeIpvsClient.of(fake.dump());
    assertThat(copy.dump()).isEqualTo(fake.dump());
    assertThat(copy.applied()).isEmpty();
    fake.flush();
    assertThat(fake.dump()).isEmpty();
    assertThatThrownBy(() -> fake.zero(Optional.of(web)))
        .isInstanceOf(IpvsException.NoSuchService.class);
  }

  @Test
  void timeoutsOfZeroAreLeftUnchanged() {
    FakeIpvsClient fake = new FakeIpvsClient();
    assertThat(fake.timeouts()).isEqualTo(new Timeouts(900, 120, 300));
    fake.setTimeouts(new Timeouts(0, 60, 0));
    assertThat(fake.timeouts()).isEqualTo(new Timeouts(900, 60, 300));
  }
}
