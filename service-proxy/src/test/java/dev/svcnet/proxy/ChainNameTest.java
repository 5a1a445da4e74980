package dev.svcnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Chain names against the names in kube-proxy's TestOverallIPTablesRules and the spec (§1). */
class ChainNameTest {

  private static final ServicePortName NS1_SVC1_P80 = new ServicePortName("ns1", "svc1", "p80");

  @Test
  void serviceChainHashesNamespaceNamePortAndLowerCaseProtocol() {
    assertThat(ChainName.service(NS1_SVC1_P80, Protocol.TCP).value())
        .isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
    assertThat(ChainName.service(new ServicePortName("ns5", "svc5", "p80"), Protocol.TCP)
        .value()).isEqualTo("KUBE-SVC-NUKIZ6OKUXPJNT4C");
  }

  @Test
  void externalFirewallAndLocalChainsShareTheServiceHash() {
    ServicePortName svc5 = new ServicePortName("ns5", "svc5", "p80");
    assertThat(ChainName.external(svc5, Protocol.TCP).value())
        .isEqualTo("KUBE-EXT-NUKIZ6OKUXPJNT4C");
    assertThat(ChainName.firewall(svc5, Protocol.TCP).value())
        .isEqualTo("KUBE-FW-NUKIZ6OKUXPJNT4C");
    assertThat(ChainName.serviceLocal(svc5, Protocol.TCP).value())
        .isEqualTo("KUBE-SVL-NUKIZ6OKUXPJNT4C");
  }

  @Test
  void endpointChainAppendsIpColonPort() {
    assertThat(ChainName.endpoint(NS1_SVC1_P80, Protocol.TCP, "10.180.0.1:80").value())
        .isEqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ");
    assertThat(ChainName.endpoint(new ServicePortName("ns4", "svc4", "p80"), Protocol.TCP,
        "10.180.0.5:80").value()).isEqualTo("KUBE-SEP-C6EBXVWJJZMIWKLZ");
  }

  @Test
  void theProtocolChangesTheHash() {
    assertThat(ChainName.service(NS1_SVC1_P80, Protocol.UDP))
        .isNotEqualTo(ChainName.service(NS1_SVC1_P80, Protocol.TCP));
  }

  @Test
  void anUnnamedPortHasNoTrailingColon() {
    ServicePortName unnamed = new ServicePortName("default", "nginx", "");
    assertThat(unnamed.toString()).isEqualTo("default/nginx");
    // "default/nginx" + "tcp" hashed: independently computed with Python's hashlib/base64.
    assertThat(ChainName.service(unnamed, Protocol.TCP).value())
        .isEqualTo("KUBE-SVC-2CMXP7HKUVJN7L6M");
  }

  @Test
  void namesLongerThanTheIptablesLimitAreRefused() {
    assertThatThrownBy(() -> new ChainName("KUBE-SEP-0123456789ABCDEFGHIJ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..28");
  }
}
