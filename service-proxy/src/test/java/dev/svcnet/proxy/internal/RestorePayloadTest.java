package dev.svcnet.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestorePayloadTest {

  static RestorePayload payload() {
    RestorePayload payload = new RestorePayload();
    payload.filterChain("KUBE-SERVICES");
    payload.filter("-A", "KUBE-SERVICES", "", "-j", "REJECT");
    payload.natChain("KUBE-MARK-MASQ");
    payload.nat("-A", "KUBE-MARK-MASQ", "-j", "MARK", "--or-mark", "0x4000");
    return payload;
  }

  @Test
  void filterThenNatEachWithChainLinesRulesAndCommit() {
    assertThat(payload().text()).isEqualTo("""
        *filter
        :KUBE-SERVICES - [0:0]
        -A KUBE-SERVICES -j REJECT
        COMMIT
        *nat
        :KUBE-MARK-MASQ - [0:0]
        -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
        COMMIT
        """);
  }

  @Test
  void takingTheTextLeavesThePayloadAsItWas() {
    RestorePayload payload = payload();
    String first = payload.text();

    assertThat(payload.text()).isEqualTo(first);
    payload.nat("-A", "KUBE-MARK-MASQ", "-j", "RETURN");
    assertThat(payload.text()).isEqualTo(first.replace("0x4000\nCOMMIT\n",
        "0x4000\n-A KUBE-MARK-MASQ -j RETURN\nCOMMIT\n"));
  }
}
