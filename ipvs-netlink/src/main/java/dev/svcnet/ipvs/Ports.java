package dev.svcnet.ipvs;

/** Port range checks with messages naming the field. */
final class Ports {
  private Ports() {}

  static void check(String field, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(field + " must be 0..65535, got " + port);
    }
  }
}
