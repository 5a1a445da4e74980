package dev.svcnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Records per the Kubernetes DNS-based service discovery specification. */
class DnsRecordsTest {

  static List<String> zone(String yaml) {
    return DnsRecords.of(KubernetesObjects.fromYaml(yaml), "cluster.local").stream()
        .map(DnsRecord::zoneLine).toList();
  }

  @Test
  void aClusterIpServiceHasAnAddressAPtrAndAnSrvPerNamedPort() {
    assertThat(zone("apiVersion: v1\nkind: Service\nmetadata: {namespace: shop, name: web}\n"
        + "spec: {clusterIPs: [10.96.0.10, \"fd00::a\"], ports: [{name: http, port: 80},"
        + " {name: dns, port: 53, protocol: UDP}]}\n")).containsExactly(
        "10.0.96.10.in-addr.arpa. IN PTR web.shop.svc.cluster.local.",
        "_dns._udp.web.shop.svc.cluster.local. IN SRV 0 100 53 web.shop.svc.cluster.local.",
        "_http._tcp.web.shop.svc.cluster.local. IN SRV 0 100 80 web.shop.svc.cluster.local.",
        // Python: ipaddress.ip_address('fd00::a').reverse_pointer
        "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa. IN PTR"
            + " web.shop.svc.cluster.local.",
        "web.shop.svc.cluster.local. IN A 10.96.0.10",
        "web.shop.svc.cluster.local. IN AAAA fd00::a");
  }

  @Test
  void aHeadlessServiceHasOneRecordPerReadyEndpointAndHostnamesFromSlicesOrPods() {
    List<String> zone = zone("apiVersion: v1\nkind: Service\n"
        + "metadata: {namespace: db, name: pg}\n"
        + "spec: {clusterIP: None, ports: [{name: sql, port: 5432, targetPort: 5433}]}\n---\n"
        + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: db, name: pg-1, labels: {kubernetes.io/service-name: pg}}\n"
        + "addressType: IPv4\nendpoints:\n"
        + "- {addresses: [10.244.1.5], hostname: pg-0}\n"
        + "- {addresses: [10.244.1.6], targetRef: {kind: Pod, name: pg-1}}\n"
        + "- {addresses: [10.244.1.7], conditions: {ready: false}}\n"
        + "ports: [{name: sql, port: 5433}]\n---\n"
        + "apiVersion: v1\nkind: Pod\nmetadata: {namespace: db, name: pg-1}\n"
        + "spec: {hostname: pg-1, subdomain: pg, containers: [{name: c, image: x}]}\n");
    assertThat(zone).containsExactly(
        "5.1.244.10.in-addr.arpa. IN PTR pg-0.pg.db.svc.cluster.local.",
        "6.1.244.10.in-addr.arpa. IN PTR pg-1.pg.db.svc.cluster.local.",
        "_sql._tcp.pg.db.svc.cluster.local. IN SRV 0 50 5433 pg-0.pg.db.svc.cluster.local.",
        "_sql._tcp.pg.db.svc.cluster.local. IN SRV 0 50 5433 pg-1.pg.db.svc.cluster.local.",
        "pg-0.pg.db.svc.cluster.local. IN A 10.244.1.5",
        "pg-1.pg.db.svc.cluster.local. IN A 10.244.1.6",
        "pg.db.svc.cluster.local. IN A 10.244.1.5",
        "pg.db.svc.cluster.local. IN A 10.244.1.6");
  }

  @Test
  void anExternalNameServiceIsACname() {
    assertThat(zone("apiVersion: v1\nkind: Service\nmetadata: {namespace: shop, name: db}\n"
        + "spec: {type: ExternalName, externalName: db.example.com}\n"))
        .containsExactly("db.shop.svc.cluster.local. IN CNAME db.example.com.");
  }

  @Test
  void aServiceWithoutAnAllocatedClusterIpHasNoRecords() {
    assertThat(zone("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
        + "spec: {ports: [{port: 80}]}\n")).isEmpty();
  }
}
