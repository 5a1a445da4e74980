package dev.svcnet.conformance;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the conformance suite runs its checks. */
public enum Target {
  /** Fresh network namespaces on the local kernel (the default, needs root). */
  NETNS,
  /** A Debian kernel under QEMU: adds IPVS. */
  VM,
  /** A container started through Docker/Testcontainers, in its own namespace. */
  CONTAINER,
  /** A live cluster's node, from a privileged pod. */
  CLUSTER;

  /** The name used on the command line: {@code netns}, {@code vm}, ... */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a command-line name, naming the accepted ones when it is not one of them. */
  public static Target parse(String name) {
    for (Target target : values()) {
      if (target.cliName().equals(name)) {
        return target;
      }
    }
    throw new IllegalArgumentException("unknown target '" + name + "', expected one of "
        + Arrays.stream(values()).map(Target::cliName).collect(Collectors.joining(", ")));
  }
}
