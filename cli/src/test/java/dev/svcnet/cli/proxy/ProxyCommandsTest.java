package dev.svcnet.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCommandsTest {

  static final String WEB = """
      apiVersion: v1
      kind: Service
      metadata: {namespace: shop, name: web}
      spec:
        type: NodePort
        clusterIP: 10.96.0.10
        ports: [{name: http, port: 80, nodePort: 30080}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: shop, name: web-1, labels: {kubernetes.io/service-name: web}}
      addressType: IPv4
      endpoints: [{addresses: [10.244.1.5]}]
      ports: [{name: http, port: 8080}]
      """;

  @TempDir
  Path dir;

  Path file(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text);
    return path;
  }

  @Test
  void renderPrintsTheRestorePayload() throws IOException {
    ProxyCliRun run = ProxyCliRun.render("--node-ip=192.168.0.2", "--cluster-cidr=10.244.0.0/16",
        file("web.yaml", WEB).toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("*filter\n").endsWith("COMMIT\n")
        .contains("-A KUBE-SERVICES -m comment --comment \"shop/web:http cluster IP\" -m tcp"
            + " -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-")
        .contains("-A KUBE-NODEPORTS -m comment --comment shop/web:http -m tcp -p tcp"
            + " --dport 30080 -j KUBE-EXT-")
        .contains("! -s 10.244.0.0/16 -j KUBE-MARK-MASQ")
        .contains("-j DNAT --to-destination 10.244.1.5:8080");
  }

  @Test
  void renderWithProfile122PrintsTheKubeProxy122Layout() throws IOException {
    ProxyCliRun run = ProxyCliRun.render("--profile=1.22", "--node-ip=192.168.0.2",
        "--cluster-cidr=10.244.0.0/16", file("web.yaml", WEB).toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("*filter\n").endsWith("COMMIT\n")
        .doesNotContain("KUBE-EXT-").doesNotContain("KUBE-PROXY-FIREWALL")
        .contains("-A KUBE-SERVICES -m comment --comment \"shop/web:http cluster IP\" -m tcp"
            + " -p tcp -d 10.96.0.10/32 --dport 80 -j KUBE-SVC-")
        .containsPattern("-A (KUBE-SVC-\\w+) -m comment --comment shop/web:http -m tcp -p tcp"
            + " --dport 30080 -j KUBE-MARK-MASQ\n(.*\n)*-A KUBE-NODEPORTS -m comment --comment"
            + " shop/web:http -m tcp -p tcp --dport 30080 -j \\1\n")
        .contains("-s 10.244.1.5/32 -j KUBE-MARK-MASQ");
  }

  @Test
  void renderNamesTheObjectAndFieldOfAnInvalidInput() throws IOException {
    ProxyCliRun run = ProxyCliRun.render(file("bad.yaml",
        WEB.replace("port: 80,", "port: 0,")).toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Service \"shop/web\": spec.ports[0].port");
  }

  @Test
  void badUsageExitsTwoAndNamesTheOption() throws IOException {
    Path web = file("web.yaml", WEB);
    assertThat(ProxyCliRun.render("--node-ip=300.1.1.1", web.toString()).exitCode())
        .isEqualTo(2);
    ProxyCliRun profile = ProxyCliRun.render("--profile=1.19", web.toString());
    assertThat(profile.exitCode()).isEqualTo(2);
    assertThat(profile.err()).contains("--profile");
    assertThat(ProxyCliRun.render(dir.resolve("missing.yaml").toString()).exitCode())
        .isEqualTo(2);
  }

  @Test
  void dnsPrintsZoneLines() throws IOException {
    ProxyCliRun run = ProxyCliRun.svcnet("dns", file("web.yaml", WEB).toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(String.join("\n",
        "10.0.96.10.in-addr.arpa. IN PTR web.shop.svc.cluster.local.",
        "_http._tcp.web.shop.svc.cluster.local. IN SRV 0 100 80 web.shop.svc.cluster.local.",
        "web.shop.svc.cluster.local. IN A 10.96.0.10",
        ""));
  }
}
