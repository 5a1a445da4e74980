package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.netlink.NetlinkException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Where the {@code svcnet ipvs} commands get their IPVS client and their standard input: the
 * kernel and {@code System.in}, unless a test puts a fake in their place.
 */
final class IpvsBackend {
  private IpvsBackend() {}

  /** Opens a client; {@link IpvsClient#open()} by default. */
  interface Opener {
    IpvsClient open() throws NetlinkException;
  }

  static volatile Opener opener = IpvsClient::open;
  static volatile Supplier<InputStream> input = () -> System.in;
}
