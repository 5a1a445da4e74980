package dev.svcnet.proxy;

/** The protocol of a Service port or EndpointSlice port, as Kubernetes spells it. */
public enum Protocol {
  TCP,
  UDP,
  SCTP;

  /** The IPVS protocol of the same name. */
  public dev.svcnet.ipvs.Protocol ipvs() {
    return dev.svcnet.ipvs.Protocol.valueOf(name());
  }
}
