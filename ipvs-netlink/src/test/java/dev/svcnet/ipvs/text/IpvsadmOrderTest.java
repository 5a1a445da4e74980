package dev.svcnet.ipvs.text;

import static dev.svcnet.ipvs.text.Fixtures.dest;
import static dev.svcnet.ipvs.text.Fixtures.server;
import static dev.svcnet.ipvs.text.Fixtures.service;
import static dev.svcnet.ipvs.text.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * libipvs's ipvs_cmp_services()/ipvs_cmp_dests() return unsigned 32-bit differences as an int,
 * and glibc's qsort (msort.c) merge-sorts with them. These orders follow from that arithmetic
 * and that algorithm (derived; to be confirmed against the real ipvsadm in the QEMU harness).
 */
class IpvsadmOrderTest {

  private static Service svc(String address) {
    return service(VirtualService.of(tcp(address, 80), "rr"));
  }

  private static List<String> names(List<Service> services) {
    return services.stream().map(s -> IpvsadmListing.serviceName(s.id())).toList();
  }

  @Test
  void addressesFarApartCompareTheWrongWay() {
    // 0xC0A80001 - 0x0A000001 = 0xB6A80000, a negative int: 192.168.0.1 sorts first
    assertThat(names(IpvsadmOrder.services(List.of(svc("10.0.0.1"), svc("192.168.0.1")))))
        .containsExactly("TCP  192.168.0.1:80", "TCP  10.0.0.1:80");
    assertThat(names(IpvsadmOrder.services(List.of(svc("10.0.0.2"), svc("10.0.0.1")))))
        .containsExactly("TCP  10.0.0.1:80", "TCP  10.0.0.2:80");
  }

  @Test
  void aCycleIsOrderedByWhereTheMergeSortMeetsIt() {
    // a = 0.0.0.1, b = 96.0.0.0, c = 192.0.0.0: a < b, b < c, and c - a = 0xBFFFFFFF < 0 so
    // c < a. msort of [a, b, c]: [a] + sort([b, c]) = [b, c]; merge: a <= b, so a, b, c.
    // msort of [c, b, a]: [c] + sort([b, a]) = [a, b]; merge: c <= a, so c, a, b.
    Service a = svc("0.0.0.1");
    Service b = svc("96.0.0.0");
    Service c = svc("192.0.0.0");
    assertThat(IpvsadmOrder.services(List.of(a, b, c))).containsExactly(a, b, c);
    assertThat(IpvsadmOrder.services(List.of(c, b, a))).containsExactly(c, a, b);
  }

  @Test
  void largeMarksSortBeforeAddressServices() {
    // fwmark differences: 4000000000 - 0 and 4000000000 - 7 are negative ints, 7 - 0 positive
    Service high = service(VirtualService.of(ServiceId.mark((int) 4_000_000_000L, false), "rr"));
    Service low = service(VirtualService.of(ServiceId.mark(7, false), "rr"));
    Service address = svc("10.0.0.1");
    assertThat(IpvsadmOrder.services(List.of(low, address, high)))
        .containsExactly(high, address, low);
  }

  @Test
  void destinationsByAddressThenPortAnIpv4FirstComparesOneWord() {
    Destination v6 = dest(server("2001:db8::1", 80, ForwardingMethod.TUNNEL, 1)
        .withForwarding(ForwardingMethod.TUNNEL, null));
    Destination port81 = dest(server("10.0.0.1", 81, ForwardingMethod.MASQ, 1));
    Destination port80 = dest(server("10.0.0.1", 80, ForwardingMethod.MASQ, 1));
    assertThat(IpvsadmOrder.destinations(List.of(port81, port80)))
        .containsExactly(port80, port81);
    // 0x0a000001 - 0x20010db8 is negative: the IPv4 server first
    assertThat(IpvsadmOrder.destinations(List.of(v6, port80))).containsExactly(port80, v6);
  }

  @Test
  void theSortIsStableForEqualKeys() {
    Service v4 = service(VirtualService.of(ServiceId.mark(5, false), "rr"));
    Service v6 = service(VirtualService.of(ServiceId.mark(5, true), "rr"));
    assertThat(IpvsadmOrder.services(List.of(v6, v4))).containsExactly(v4, v6);
  }
}
