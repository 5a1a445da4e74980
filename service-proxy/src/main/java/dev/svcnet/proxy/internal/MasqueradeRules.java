package dev.svcnet.proxy.internal;

import static dev.svcnet.proxy.internal.RestorePayload.quoted;

import java.util.List;

/**
 * The rules of kube-proxy's iptables mode that mark, masquerade and forward by the masquerade
 * mark, the same in every layout this module writes (the current one and 1.22's).
 */
final class MasqueradeRules {

  private static final String COMMENT = "-m comment --comment";

  private MasqueradeRules() {}

  /**
   * The top-level nat chains (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ)
   * and the rules of KUBE-POSTROUTING (masquerade what carries {@code mark}, clearing it) and
   * KUBE-MARK-MASQ (set it).
   */
  static void writeNatHead(RuleSink out, String mark, boolean randomFully) {
    for (String chain : List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING",
        "KUBE-MARK-MASQ")) {
      out.natChain(chain);
    }
    out.nat("-A KUBE-POSTROUTING -m mark ! --mark", mark + "/" + mark, "-j RETURN");
    out.nat("-A KUBE-POSTROUTING -j MARK --xor-mark", mark);
    out.nat("-A KUBE-POSTROUTING", COMMENT, quoted("kubernetes service traffic requiring SNAT"),
        "-j MASQUERADE", randomFully ? "--random-fully" : "");
    out.nat("-A KUBE-MARK-MASQ -j MARK --or-mark", mark);
  }

  /** KUBE-FORWARD accepts what carries {@code mark}. */
  static void writeForwardMarked(RuleSink out, String mark) {
    out.filter("-A KUBE-FORWARD", COMMENT, quoted("kubernetes forwarding rules"),
        "-m mark --mark", mark + "/" + mark, "-j ACCEPT");
  }
}
