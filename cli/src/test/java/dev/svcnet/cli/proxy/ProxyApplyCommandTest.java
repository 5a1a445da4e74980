package dev.svcnet.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NamespaceException;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svcnet proxy apply --mode=iptables}, run in a fresh network namespace with the real
 * iptables-legacy programs: the objects' chains and the jump rules land in the namespace, a
 * second apply of the same files changes nothing, and bad input exits 2 with nothing written.
 */
class ProxyApplyCommandTest {

  @TempDir
  Path dir;

  private NetworkNamespace namespace;

  @BeforeEach
  void freshNamespace() {
    try {
      namespace = NetworkNamespace.create("proxy-apply");
    } catch (NamespaceException e) {
      Assumptions.abort("no network namespace for the apply test: " + e.getMessage());
    }
  }

  @AfterEach
  void close() {
    if (namespace != null) {
      namespace.close();
    }
  }

  private Path file(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text);
    return path;
  }

  private ProxyCliRun apply(String... args) throws Exception {
    return namespace.call(() -> ProxyCliRun.svcnet(args));
  }

  private String nat() throws Exception {
    // without iptables-save's comment lines, which carry the time
    return namespace.call(() -> ExternalCommand.of("iptables-legacy-save", "-t", "nat")
        .runChecked()).replaceAll("(?m)^#.*\n", "");
  }

  @Test
  void applyProgramsTheServiceChainsAndTheJumpRules() throws Exception {
    String web = file("web.yaml", ProxyCommandsTest.WEB).toString();
    ProxyCliRun run = apply("proxy", "apply", "--mode=iptables", "--backend=legacy",
        "--node-ip=192.168.0.2", "--cluster-cidr=10.244.0.0/16", web);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("full sync: ");
    String nat = nat();
    assertThat(nat).contains(":KUBE-SVC-").contains(":KUBE-SEP-")
        .contains("-A PREROUTING -m comment --comment \"kubernetes service portals\""
            + " -j KUBE-SERVICES")
        .contains("-A KUBE-NODEPORTS -p tcp -m comment --comment \"shop/web:http\" -m tcp"
            + " --dport 30080 -j KUBE-EXT-")
        .contains("--to-destination 10.244.1.5:8080");

    ProxyCliRun again = apply("proxy", "apply", "--mode=iptables", "--backend=legacy",
        "--node-ip=192.168.0.2", "--cluster-cidr=10.244.0.0/16", web);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(nat()).as("the jump rules are not added twice").isEqualTo(nat);
  }

  @Test
  void anInvalidObjectExitsTwoNamingItAndWritesNothing() throws Exception {
    String before = nat();
    ProxyCliRun run = apply("proxy", "apply", "--mode=iptables", "--backend=legacy",
        file("bad.yaml", ProxyCommandsTest.WEB.replace("port: 80,", "port: 0,")).toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Service \"shop/web\": spec.ports[0].port");
    assertThat(nat()).isEqualTo(before).doesNotContain("KUBE-");
  }

  @Test
  void badOptionsExitTwoNamingTheOption() throws Exception {
    String web = file("web.yaml", ProxyCommandsTest.WEB).toString();
    ProxyCliRun mode = apply("proxy", "apply", "--mode=userspace", web);
    assertThat(mode.exitCode()).isEqualTo(2);
    assertThat(mode.err()).contains("--mode");
    ProxyCliRun backend = apply("proxy", "apply", "--mode=iptables", "--backend=ebtables", web);
    assertThat(backend.exitCode()).isEqualTo(2);
    assertThat(backend.err()).contains("--backend");
    assertThat(apply("proxy", "apply", "--mode=iptables", "--node-ip=300.1.1.1", web).exitCode())
        .isEqualTo(2);
    ProxyCliRun exclude = apply("proxy", "apply", "--mode=ipvs",
        "--ipvs-exclude-cidrs=10.0.0.0/8,192.0.2.0/33", web);
    assertThat(exclude.exitCode()).isEqualTo(2);
    assertThat(exclude.err()).contains("--ipvs-exclude-cidrs");
    assertThat(apply("proxy", "apply", "--mode=iptables", dir.resolve("none.yaml").toString())
        .exitCode()).isEqualTo(2);
    assertThat(nat()).doesNotContain("KUBE-");
  }
}
