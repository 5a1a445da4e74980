package dev.svcnet.conformance.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-proxy's configuration file says, as kubeadm stores it in the {@code
 * kube-system/kube-proxy} ConfigMap (key {@code config.conf}, a KubeProxyConfiguration): its
 * {@code mode} and {@code ipvs.scheduler}. Empty values count as unset (kube-proxy then uses
 * iptables mode and the rr scheduler); a node's command-line flags may still override them, so
 * the checks trust the node's kernel state first.
 */
record KubeProxyConfig(Optional<String> mode, Optional<String> ipvsScheduler) {

  static final KubeProxyConfig NONE = new KubeProxyConfig(Optional.empty(), Optional.empty());

  /** Reads the ConfigMap; {@link #NONE} when it or its config.conf is missing or unreadable. */
  static KubeProxyConfig read(KubernetesClient client) {
    ConfigMap config = client.configMaps().inNamespace("kube-system").withName("kube-proxy").get();
    if (config == null || config.getData() == null || config.getData().get("config.conf") == null) {
      return NONE;
    }
    return parse(config.getData().get("config.conf"));
  }

  static KubeProxyConfig parse(String configConf) {
    Map<?, ?> fields;
    try {
      fields = new KubernetesSerialization().unmarshal(configConf, Map.class);
    } catch (RuntimeException e) {
      return NONE;
    }
    if (fields == null) {
      return NONE;
    }
    Optional<String> scheduler = fields.get("ipvs") instanceof Map<?, ?> ipvs
        ? text(ipvs.get("scheduler")) : Optional.empty();
    return new KubeProxyConfig(text(fields.get("mode")), scheduler);
  }

  private static Optional<String> text(Object value) {
    return value instanceof String s && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
  }
}
