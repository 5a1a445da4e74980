package dev.svcnet.lb;

/** The address family of a virtual service ({@code AF_INET} or {@code AF_INET6}). */
public enum AddressFamily {
  INET,
  INET6
}
