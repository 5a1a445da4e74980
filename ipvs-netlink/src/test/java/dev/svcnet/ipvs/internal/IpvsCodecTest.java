package dev.svcnet.ipvs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netlink.Attributes;
import dev.svcnet.netlink.MalformedMessageException;
import dev.svcnet.netlink.MessageBuilder;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpvsCodecTest {

  private static Attributes nest(MessageBuilder builder, int type) throws Exception {
    byte[] body = builder.build().body();
    return Attributes.parse(body, 4, body.length - 4).nested(type);
  }

  /** ipvs.md section 2 "Worked layout": NEW_SERVICE -t 10.0.0.1:80 -s rr. */
  @Test
  void newServiceEncodesAsTheSpecsWorkedLayout() throws Exception {
    VirtualService service = VirtualService.of(
        ServiceId.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80), "rr");
    MessageBuilder builder = MessageBuilder.request(0x22, 0).genlHeader(1, 1);
    IpvsCodec.service(builder, service.id(), service);
    String hex = HexFormat.of().formatHex(builder.build().body());
    assertThat(hex).isEqualTo("01010000" + "54000100"
        + "0600010002000000" + "0600020006000000"
        + "14000300" + "0a000001" + "000000000000000000000000"
        + "0600040000500000" + "0700060072720000"
        + "0c000700" + "00000000ffffffff"
        + "0800080000000000" + "08000900ffffffff");
  }

  @Test
  void servicesRoundTripThroughTheCodecIncludingIpv6AndMarks() throws Exception {
    for (VirtualService service : new VirtualService[] {
        VirtualService.of(ServiceId.of(Protocol.UDP, InetAddress.getByName("fd00::a"), 53), "wlc")
            .withPersistence(600).withNetmaskPrefix(64),
        VirtualService.of(ServiceId.mark(7, false), "sh")
            .withFlags(Set.of(ServiceFlag.SH_FALLBACK, ServiceFlag.SH_PORT)),
        VirtualService.of(ServiceId.of(Protocol.SCTP, InetAddress.getByName("10.1.2.3"), 9), "rr")
            .withPersistence(30).withNetmaskPrefix(24).withPersistenceEngine("sip"),
    }) {
      MessageBuilder builder = MessageBuilder.request(1, 0).genlHeader(1, 1);
      IpvsCodec.service(builder, service.id(), service);
      Service decoded = IpvsCodec.service(nest(builder, IpvsWire.CMD_ATTR_SERVICE));
      assertThat(decoded.service()).isEqualTo(service);
    }
  }

  @Test
  void anIpv4MappedIpv6ServiceStaysIpv6() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 1};
    MessageBuilder builder = MessageBuilder.request(1, 0).genlHeader(1, 1)
        .beginNested(IpvsWire.CMD_ATTR_SERVICE)
        .u16(IpvsWire.SVC_AF, 10).u16(IpvsWire.SVC_PROTOCOL, 6)
        .attribute(IpvsWire.SVC_ADDR, mapped).u16Be(IpvsWire.SVC_PORT, 80)
        .string(IpvsWire.SVC_SCHED_NAME, "rr")
        .attribute(IpvsWire.SVC_FLAGS, new byte[] {0, 0, 0, 0, -1, -1, -1, -1})
        .u32(IpvsWire.SVC_TIMEOUT, 0).u32(IpvsWire.SVC_NETMASK, 128)
        .endNested();
    ServiceId id = IpvsCodec.service(nest(builder, IpvsWire.CMD_ATTR_SERVICE)).id();
    assertThat(id.ipv6()).isTrue();
    assertThat(id.toString()).isEqualTo("TCP [::ffff:10.0.0.1]:80");
  }

  @Test
  void theKernelsHashedFlagIsNotReportedAsASetting() throws Exception {
    MessageBuilder builder = MessageBuilder.request(1, 0).genlHeader(1, 1)
        .beginNested(IpvsWire.CMD_ATTR_SERVICE)
        .u16(IpvsWire.SVC_AF, 2).u32(IpvsWire.SVC_FWMARK, 9)
        .string(IpvsWire.SVC_SCHED_NAME, "rr")
        .attribute(IpvsWire.SVC_FLAGS, new byte[] {0x03, 0, 0, 0, -1, -1, -1, -1})
        .u32(IpvsWire.SVC_TIMEOUT, 300).u32Be(IpvsWire.SVC_NETMASK, 0xFFFFFF00)
        .endNested();
    VirtualService decoded = IpvsCodec.service(nest(builder, IpvsWire.CMD_ATTR_SERVICE)).service();
    assertThat(decoded.flags()).containsExactly(ServiceFlag.PERSISTENT);
    assertThat(decoded.netmaskPrefix()).isEqualTo(24);
  }

  @Test
  void destinationsRoundTripWithTunnelSettingsAndCounters() throws Exception {
    RealServer server = new RealServer(InetAddress.getByName("10.9.0.1"), 6081,
        ForwardingMethod.TUNNEL, 5, 100, 10, new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM));
    MessageBuilder builder = MessageBuilder.request(1, 0).genlHeader(5, 1);
    IpvsCodec.destination(builder, server, true);
    byte[] body = builder.build().body();
    Attributes dest = Attributes.parse(body, 4, body.length - 4).nested(IpvsWire.CMD_ATTR_DEST);
    MessageBuilder reply = MessageBuilder.request(1, 0).genlHeader(5, 1)
        .beginNested(IpvsWire.CMD_ATTR_DEST);
    for (Attributes.Attribute a : dest.all()) {
      reply.attribute(a.type(), dest.bytes(a.type()));
    }
    reply.u32(IpvsWire.DEST_ACTIVE_CONNS, 3).u32(IpvsWire.DEST_INACT_CONNS, -1)
        .u32(IpvsWire.DEST_PERSIST_CONNS, 1).endNested();
    Destination decoded = IpvsCodec.destination(nest(reply, IpvsWire.CMD_ATTR_DEST), false);
    assertThat(decoded.server()).isEqualTo(server);
    assertThat(decoded.activeConnections()).isEqualTo(3);
    assertThat(decoded.inactiveConnections()).isEqualTo(4294967295L);
  }

  @Test
  void aReplyMissingTheSchedulerIsMalformedNotACrash() throws Exception {
    MessageBuilder builder = MessageBuilder.request(1, 0).genlHeader(1, 1)
        .beginNested(IpvsWire.CMD_ATTR_SERVICE).u16(IpvsWire.SVC_AF, 2)
        .u32(IpvsWire.SVC_FWMARK, 1).endNested();
    Attributes attributes = nest(builder, IpvsWire.CMD_ATTR_SERVICE);
    assertThatThrownBy(() -> IpvsCodec.service(attributes))
        .isInstanceOf(MalformedMessageException.class);
  }
}
