package dev.svcnet.ipvs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Bad input is refused before anything is sent, with a message naming the field. */
class ValidationTest {

  @Test
  void portsOutsideTheRangeAreRefused() {
    assertThatThrownBy(() -> ServiceId.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service port must be 0..65535, got 65536");
    assertThatThrownBy(() -> RealServer.of(InetAddress.getByName("10.0.0.2"), -1,
        ForwardingMethod.MASQ))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port must be 0..65535");
  }

  @Test
  void weightsAndThresholdsAreChecked() throws Exception {
    RealServer server = RealServer.of(InetAddress.getByName("10.0.0.2"), 80, ForwardingMethod.MASQ);
    assertThatThrownBy(() -> server.withWeight(-1)).hasMessageContaining("weight must be 0..2147483647");
    assertThatThrownBy(() -> server.withThresholds(10, 11))
        .hasMessageContaining("lower threshold 11 is above the upper threshold 10");
    assertThatThrownBy(() -> server.withThresholds(1L << 32, 0))
        .hasMessageContaining("upper threshold must be 0..4294967295");
  }

  @Test
  void schedulerNamesMustFitTheKernelsBuffer() throws Exception {
    ServiceId id = ServiceId.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
    assertThatThrownBy(() -> VirtualService.of(id, "a-scheduler-name-too-long"))
        .hasMessageContaining("scheduler name must be 1..15 characters");
    assertThatThrownBy(() -> VirtualService.of(id, "r r"))
        .hasMessageContaining("printable ASCII");
  }

  @Test
  void netmaskPrefixDependsOnTheFamily() throws Exception {
    VirtualService v4 = VirtualService.of(
        ServiceId.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80), "rr");
    assertThatThrownBy(() -> v4.withNetmaskPrefix(33)).hasMessageContaining("0..32");
    VirtualService v6 = VirtualService.of(
        ServiceId.of(Protocol.TCP, InetAddress.getByName("fd00::1"), 80), "rr");
    assertThatThrownBy(() -> v6.withNetmaskPrefix(0)).hasMessageContaining("1..128");
  }

  @Test
  void aDestinationOfTheOtherFamilyNeedsATunnel() throws Exception {
    ServiceId v4 = ServiceId.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
    RealServer v6 = RealServer.of(InetAddress.getByName("fd00::2"), 80, ForwardingMethod.MASQ);
    assertThatThrownBy(() -> new IpvsOperation.AddDestination(v4, v6))
        .hasMessageContaining("needs TUNNEL forwarding");
  }

  @Test
  void gueTunnelsNeedAPort() {
    assertThatThrownBy(() -> new Tunnel(Tunnel.Type.GUE, 0, Tunnel.Checksum.NOCSUM))
        .hasMessageContaining("GUE tunnel needs a port");
  }

  @Test
  void checksumOptionsFollowTheTunnelType() {
    assertThatThrownBy(() -> new Tunnel(Tunnel.Type.IPIP, 0, Tunnel.Checksum.CSUM))
        .hasMessageContaining("IPIP tunnel has no checksum option");
    assertThatThrownBy(() -> new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.REMCSUM))
        .hasMessageContaining("needs a GUE tunnel");
  }

  @Test
  void markZeroIsNotAMarkService() {
    assertThatThrownBy(() -> ServiceId.mark(0, false)).hasMessageContaining("non-zero");
  }
}
