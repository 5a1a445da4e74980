package dev.svcnet.proxy;

/** {@code spec.type} of a Service. */
public enum ServiceType {
  CLUSTER_IP("ClusterIP"),
  NODE_PORT("NodePort"),
  LOAD_BALANCER("LoadBalancer"),
  EXTERNAL_NAME("ExternalName");

  private final String kubernetesName;

  ServiceType(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  public String kubernetesName() {
    return kubernetesName;
  }

  /** The type named {@code name}, or {@code null} if Kubernetes has no such type. */
  public static ServiceType byKubernetesName(String name) {
    for (ServiceType type : values()) {
      if (type.kubernetesName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
