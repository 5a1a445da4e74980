package dev.svcnet.cli.iptables;

import java.io.InputStream;
import java.util.function.Supplier;

/** Where {@code svcnet iptables normalize} reads: {@code System.in}, unless a test replaces it. */
final class IptablesInput {
  private IptablesInput() {}

  static volatile Supplier<InputStream> stdin = () -> System.in;
}
