package dev.svcnet.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.ipvs.Connection;
import dev.svcnet.ipvs.ConnectionTableException;
import dev.svcnet.ipvs.Connections;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /proc/net/ip_vs_conn} as the kernel prints it, parsed, and rendered as
 * {@code ipvsadm -L -n -c} prints it (expected text written from ipvsadm.c's printf formats;
 * the kernel test compares against the real ipvsadm).
 */
class IpvsadmConnectionsTest {

  private static final String PROC = String.join("\n",
      "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData",
      "TCP 0AF40001 A1B2 0A60000A 0050 0AF40102 1F90 SYN_RECV         59",
      "UDP fd00:0244:0000:0000:0000:0000:0000:0001 D431 fd00:0096:0000:0000:0000:0000:0000:000a"
          + " 0035 fd00:0244:0000:0000:0000:0000:0001:0003 14E9 UDP            299",
      "TCP 0AF40001 0000 0A60000A 0050 0AF40102 1F90 NONE            360",
      "UDP 0AF40001 13C4 0A60000A 13C4 0AF40102 13C4 UDP             179 sip abc@host",
      "");

  @Test
  void theProcFileParsesIntoTypedEntriesInTheKernelsOrder() throws Exception {
    List<Connection> table = Connections.parse(PROC);
    assertThat(table).hasSize(4);
    Connection first = table.get(0);
    assertThat(first.protocol()).isEqualTo("TCP");
    assertThat(first.client().getHostAddress()).isEqualTo("10.244.0.1");
    assertThat(first.clientPort()).isEqualTo(41394);
    assertThat(first.virtual().getHostAddress()).isEqualTo("10.96.0.10");
    assertThat(first.virtualPort()).isEqualTo(80);
    assertThat(first.destination().getHostAddress()).isEqualTo("10.244.1.2");
    assertThat(first.destinationPort()).isEqualTo(8080);
    assertThat(first.state()).isEqualTo("SYN_RECV");
    assertThat(first.expiresSeconds()).isEqualTo(59);
    assertThat(first.persistenceEngine()).isEmpty();
    assertThat(table.get(1).client()).isInstanceOf(Inet6Address.class);
    assertThat(table.get(1).destinationPort()).isEqualTo(5353);
    assertThat(table.get(3).persistenceEngine())
        .contains(new Connection.PersistenceData("sip", "abc@host"));
  }

  @Test
  void listConnectionsPrintsAsIpvsadmLnc() throws Exception {
    assertThat(IpvsadmListing.connections(Connections.parse(PROC), false)).isEqualTo(
        "IPVS connection entries\n"
        + "pro expire state       source             virtual            destination\n"
        + "TCP 00:59  SYN_RECV    10.244.0.1:41394   10.96.0.10:80      10.244.1.2:8080\n"
        + "UDP 04:59  UDP         [fd00:244::1]:54321 [fd00:96::a]:53    [fd00:244::1:3]:5353\n"
        + "TCP 06:00  NONE        10.244.0.1:0       10.96.0.10:80      10.244.1.2:8080\n"
        + "UDP 02:59  UDP         10.244.0.1:5060    10.96.0.10:5060    10.244.1.2:5060\n");
  }

  @Test
  void persistentConnAddsThePersistenceEngineColumnsWhereTheEntryHasThem() throws Exception {
    assertThat(IpvsadmListing.connections(Connections.parse(PROC), true)).isEqualTo(
        "IPVS connection entries\n"
        + "pro expire state       source             virtual            destination  "
        + "      pe name          pe_data\n"
        + "TCP 00:59  SYN_RECV    10.244.0.1:41394   10.96.0.10:80      10.244.1.2:8080\n"
        + "UDP 04:59  UDP         [fd00:244::1]:54321 [fd00:96::a]:53    [fd00:244::1:3]:5353\n"
        + "TCP 06:00  NONE        10.244.0.1:0       10.96.0.10:80      10.244.1.2:8080\n"
        + "UDP 02:59  UDP         10.244.0.1:5060    10.96.0.10:5060    10.244.1.2:5060  sip "
        + "               abc@host\n");
  }

  @Test
  void anEmptyTableIsTheTwoTitleLines() throws Exception {
    assertThat(IpvsadmListing.connections(Connections.parse(
        "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"),
        false)).isEqualTo("IPVS connection entries\n"
        + "pro expire state       source             virtual            destination\n");
  }

  @Test
  void aMalformedLineIsATypedErrorNamingTheLineAndField() {
    String title = "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires\n";
    assertThatThrownBy(() -> Connections.parse(
        title + "TCP 0AF40001 A1B2 0A60000A 0050 0AF40102 1F90 SYN_RECV 59\n"
            + "TCP 0AF4001 A1B2 0A60000A 0050 0AF40102 1F90 SYN_RECV 59\n"))
        .isInstanceOf(ConnectionTableException.class)
        .hasMessageContaining("line 3").hasMessageContaining("client address '0AF4001'");
    assertThatThrownBy(() -> Connections.parse(
        title + "TCP 0AF40001 A1B2 0A60000A 0050 0AF40102 1F9 SYN_RECV 59\n"))
        .hasMessageContaining("destination port '1F9'");
    assertThatThrownBy(() -> Connections.parse(
        title + "TCP 0AF40001 A1B2 0A60000A 0050 0AF40102 1F90 SYN_RECV -1\n"))
        .hasMessageContaining("expires '-1'");
    assertThatThrownBy(() -> Connections.parse(title + "TCP 0AF40001 A1B2\n"))
        .isInstanceOf(ConnectionTableException.class).hasMessageContaining("got 3");
    assertThatThrownBy(() -> Connections.parse("garbage\n"))
        .isInstanceOf(ConnectionTableException.class).hasMessageContaining("line 1");
  }
}
