package dev.svcnet.ipvs.text;

import static dev.svcnet.ipvs.text.Fixtures.counters;
import static dev.svcnet.ipvs.text.Fixtures.dest;
import static dev.svcnet.ipvs.text.Fixtures.rates;
import static dev.svcnet.ipvs.text.Fixtures.sctp;
import static dev.svcnet.ipvs.text.Fixtures.server;
import static dev.svcnet.ipvs.text.Fixtures.service;
import static dev.svcnet.ipvs.text.Fixtures.tcp;
import static dev.svcnet.ipvs.text.Fixtures.tunnel;
import static dev.svcnet.ipvs.text.Fixtures.udp;
import static dev.svcnet.ipvs.ForwardingMethod.MASQ;
import static dev.svcnet.ipvs.ForwardingMethod.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.Timeouts;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.text.IpvsadmListing.Options;
import dev.svcnet.ipvs.text.IpvsadmListing.View;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code ipvsadm -L -n} as ipvsadm 1.31 prints it. Every expected line was produced by
 * evaluating the printf format quoted above it (from ipvsadm.c's list_all(), print_title(),
 * print_service_entry() and print_largenum()) with Python's C-compatible {@code %} operator on
 * the same values; the strings are spelled out with their trailing spaces.
 */
class IpvsadmListingTest {

  private static final IpvsInfo INFO = new IpvsInfo(0x010201, 4096);

  /** A table in an arbitrary (kernel) order, touching each part of the plain service line. */
  private static List<Service> mixedTable() {
    VirtualService sh = new VirtualService(tcp("192.168.0.1", 443), "sh",
        Set.of(ServiceFlag.SCHED_1, ServiceFlag.SCHED_2, ServiceFlag.PERSISTENT), 360, 24, "sip");
    VirtualService dns = new VirtualService(udp("2001:db8::1", 53), "wlc",
        Set.of(ServiceFlag.PERSISTENT, ServiceFlag.ONE_PACKET), 600, 64, null);
    return List.of(
        service(VirtualService.of(ServiceId.mark(7, true), "rr")),
        service(dns,
            dest(server("2001:db8:0:1::ffff:1", 53, MASQ, 65535), 12, 3),
            dest(server("2001:db8::20", 53, MASQ, 0))),
        service(VirtualService.of(ServiceId.mark((int) 4_000_000_000L, false), "rr")),
        service(VirtualService.of(tcp("10.0.0.1", 80), "rr"),
            dest(server("10.0.0.3", 80, MASQ, 1), 0xFFFFFFFFL, 0),
            dest(server("10.0.0.2", 8080, MASQ, 2), 5, 7)),
        service(VirtualService.of(ServiceId.mark(7, false), "mh")
            .withFlags(Set.of(ServiceFlag.MH_FALLBACK)),
            dest(tunnel("10.1.0.1", 0, Tunnel.IPIP).withWeight(3))),
        service(VirtualService.of(sctp("10.0.0.1", 80), "wlc")
            .withFlags(Set.of(ServiceFlag.SCHED_3))),
        service(sh, dest(server("192.168.0.10", 443, ROUTE, 1))));
  }

  @Test
  void theDefaultListingSortsAsLibipvsAndPadsTheLastColumn() {
    // "IP Virtual Server version %d.%d.%d (size=%d)\n", the fixed titles, then per service
    // "FWM  %d" (signed in released 1.31: 4000000000 prints as -294967296) or "%-4s %s" and
    // "%s %s" [" (%s)"] [" persistent %u" [" mask %s"|" mask %i"] [" pe %s"]] [" ops"]
    // and per destination "  -> %-28s %-7s %-6d %-10u %-10u\n".
    // Order (ipvs_cmp_services): mark 4000000000 - 0 is negative as an int, so that fwmark
    // service comes first; 192.168.0.1 - 10.0.0.1 is negative too; TCP (6) before SCTP (132);
    // IPv4 (2) before IPv6 (10); marks 7 after the address services.
    String expected = ""
        + "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port Scheduler Flags\n"
        + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        + "FWM  -294967296 rr\n"
        + "TCP  192.168.0.1:443 sh (sh-fallback,sh-port) persistent 360 mask 255.255.255.0 pe sip\n"
        + "  -> 192.168.0.10:443             Route   1      0          0         \n"
        + "TCP  10.0.0.1:80 rr\n"
        + "  -> 10.0.0.2:8080                Masq    2      5          7         \n"
        + "  -> 10.0.0.3:80                  Masq    1      4294967295 0         \n"
        + "SCTP 10.0.0.1:80 wlc (flag-3)\n"
        + "UDP  [2001:db8::1]:53 wlc persistent 600 mask 64 ops\n"
        + "  -> [2001:db8::20]:53            Masq    0      0          0         \n"
        + "  -> [2001:db8:0:1::ffff:1]:53    Masq    65535  12         3         \n"
        + "FWM  7 mh (mh-fallback)\n"
        + "  -> 10.1.0.1:0                   Tunnel  3      0          0         \n"
        + "FWM  7 IPv6 rr\n";
    assertThat(IpvsadmListing.render(INFO, mixedTable(), Options.DEFAULT)).isEqualTo(expected);
  }

  @Test
  void noSortKeepsTheKernelsOrder() {
    String listing = IpvsadmListing.render(INFO, mixedTable(),
        new Options(View.DEFAULT, false, true));
    assertThat(listing.lines().filter(l -> !l.startsWith(" ")).skip(2).toList()).containsExactly(
        "FWM  7 IPv6 rr",
        "UDP  [2001:db8::1]:53 wlc persistent 600 mask 64 ops",
        "FWM  -294967296 rr",
        "TCP  10.0.0.1:80 rr",
        "FWM  7 mh (mh-fallback)",
        "SCTP 10.0.0.1:80 wlc (flag-3)",
        "TCP  192.168.0.1:443 sh (sh-fallback,sh-port) persistent 360 mask 255.255.255.0 pe sip");
    assertThat(listing).contains(""
        + "  -> 10.0.0.3:80                  Masq    1      4294967295 0         \n"
        + "  -> 10.0.0.2:8080                Masq    2      5          7         \n");
  }

  @Test
  void aSchedulerFlagTheSchedulerDoesNotNamePrintsEmptyParentheses() {
    // print_service_entry() prints " (" and ")" when any SCHED bit is set; print_sched_flags()
    // names only sh-fallback/sh-port for sh, so SCHED_3 on sh gives " ()".
    Service odd = service(VirtualService.of(tcp("10.0.0.1", 80), "sh")
        .withFlags(Set.of(ServiceFlag.SCHED_3)));
    assertThat(IpvsadmListing.render(INFO, List.of(odd), Options.DEFAULT))
        .endsWith("TCP  10.0.0.1:80 sh ()\n");
  }

  private static List<Service> statsTable() {
    Service v4 = new Service(VirtualService.of(tcp("10.0.0.1", 80), "rr"),
        counters(12, 99_999_999, 100_000_000, 123_456_789_012L, -1L),
        List.of(new Destination(server("10.0.0.2", 80, MASQ, 1), 0, 0, 0,
            counters(1, 999_999_999, 1_000_000_000, 99_999_999_999L, 100_000_000_000_000L))));
    Service v6 = service(VirtualService.of(tcp("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 65535),
        "rr"));
    return List.of(v4, v6);
  }

  @Test
  void statsPrintLargeNumbersWithUnitSuffixes() {
    // title "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n"; service "%-33s", dest
    // "  -> %-28s", then print_largenum() per counter: "%9llu" under 10^8, "%8lluK" under 10^9,
    // "%8lluM" under 10^11, "%8lluG" under 10^14, else "%8lluT" (so 123G and 18446744T touch).
    String expected = ""
        + "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
        + "  -> RemoteAddress:Port\n"
        + "TCP  10.0.0.1:80                        12 99999999  100000K     123G18446744T\n"
        + "  -> 10.0.0.2:80                         1  999999K    1000M   99999M     100T\n"
        + "TCP  [2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:65535        0        0        0        0"
        + "        0\n";
    assertThat(IpvsadmListing.render(INFO, statsTable(), Options.of(View.STATS)))
        .isEqualTo(expected);
  }

  @Test
  void exactStatsWidenEachColumnToItsDigitsPlusOne() {
    // print_largenum() with FMT_EXACT: "%*llu" with width 9, or digits + 1 beyond 8 digits.
    String expected = ""
        + "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
        + "  -> RemoteAddress:Port\n"
        + "TCP  10.0.0.1:80                        12 99999999 100000000 123456789012"
        + " 18446744073709551615\n"
        + "  -> 10.0.0.2:80                         1 999999999 1000000000 99999999999"
        + " 100000000000000\n"
        + "TCP  [2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:65535        0        0        0        0"
        + "        0\n";
    assertThat(IpvsadmListing.render(INFO, statsTable(), new Options(View.STATS, true, false)))
        .isEqualTo(expected);
  }

  @Test
  void ratesPrintTheFirstThreeDestinationRatesWithPlainPercent8llu() {
    // dest: "  -> %-28s %8llu %8llu %8llu" then print_largenum() for InBPS and OutBPS.
    Service service = new Service(VirtualService.of(tcp("10.0.0.1", 80), "rr"),
        rates(5, 100, 200_000_000, 1_000_000_000, 0),
        List.of(new Destination(server("10.0.0.2", 80, MASQ, 1), 0, 0, 0,
            rates(123_456_789, 1, 2, 100_000_000, 7))));
    String expected = ""
        + "IP Virtual Server version 1.2.1 (size=4096)\n"
        + "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
        + "  -> RemoteAddress:Port\n"
        + "TCP  10.0.0.1:80                         5      100  200000K    1000M        0\n"
        + "  -> 10.0.0.2:80                  123456789        1        2  100000K        7\n";
    assertThat(IpvsadmListing.render(INFO, List.of(service), Options.of(View.RATE)))
        .isEqualTo(expected);
  }

  @Test
  void thresholdsAndPersistentConnectionViews() {
    RealServer real = new RealServer(Fixtures.ip("10.0.0.2"), 80, MASQ, 5, 100, 50, null);
    Service service = service(VirtualService.of(tcp("10.0.0.1", 80), "rr"),
        new Destination(real, 3, 4, 9, Stats.ZERO));
    // "%-33s %-10s %-10s %-10s %-10s\n" and "  -> %-28s %-10u %-10u %-10u %-10u\n"
    assertThat(IpvsadmListing.render(INFO, List.of(service), Options.of(View.THRESHOLDS)))
        .isEqualTo(""
            + "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
            + "  -> RemoteAddress:Port\n"
            + "TCP  10.0.0.1:80 rr\n"
            + "  -> 10.0.0.2:80                  100        50         3          4         \n");
    // "%-33s %-9s %-11s %-10s %-10s\n" and "  -> %-28s %-9u %-11u %-10u %-10u\n"
    assertThat(IpvsadmListing.render(INFO, List.of(service), Options.of(View.PERSISTENT_CONN)))
        .isEqualTo(""
            + "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
            + "  -> RemoteAddress:Port\n"
            + "TCP  10.0.0.1:80 rr\n"
            + "  -> 10.0.0.2:80                  5         9           3          4         \n");
  }

  @Test
  void tunnelInfoNamesTypePortAndChecksum() {
    // "  -> %-28s %-7s %-13s %-6d %-10u %-10u\n" with fwd_tun_info(): "ipip", "gue:%d:%s",
    // "gre:%s" (checksum -c, +c, r+c) or "n/a".
    Service service = service(VirtualService.of(tcp("10.0.0.1", 80), "rr"),
        dest(tunnel("10.0.0.6", 80, new Tunnel(Tunnel.Type.GUE, 65535, Tunnel.Checksum.REMCSUM))),
        dest(server("10.0.0.5", 80, MASQ, 1)),
        dest(tunnel("10.0.0.4", 80, Tunnel.IPIP)),
        dest(tunnel("10.0.0.3", 80, new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.CSUM))),
        dest(tunnel("10.0.0.2", 80, new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.NOCSUM))));
    assertThat(IpvsadmListing.render(INFO, List.of(service), Options.of(View.TUN_INFO)))
        .isEqualTo(""
            + "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n"
            + "TCP  10.0.0.1:80 rr\n"
            + "  -> 10.0.0.2:80                  Tunnel  gue:6080:-c   1      0          0         \n"
            + "  -> 10.0.0.3:80                  Tunnel  gre:+c        1      0          0         \n"
            + "  -> 10.0.0.4:80                  Tunnel  ipip          1      0          0         \n"
            + "  -> 10.0.0.5:80                  Masq    n/a           1      0          0         \n"
            + "  -> 10.0.0.6:80                  Tunnel  gue:65535:r+c 1      0          0         \n");
  }

  @Test
  void timeoutLine() {
    // list_timeout(): "Timeout (tcp tcpfin udp): %d %d %d\n"
    assertThat(IpvsadmListing.timeouts(new Timeouts(900, 120, 300)))
        .isEqualTo("Timeout (tcp tcpfin udp): 900 120 300\n");
  }

  @Test
  void anEmptyTableIsTheHeaderAndTitles() {
    assertThat(IpvsadmListing.render(new IpvsInfo(0x010201, 1 << 20), List.of(), Options.DEFAULT))
        .isEqualTo("IP Virtual Server version 1.2.1 (size=1048576)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
  }
}
