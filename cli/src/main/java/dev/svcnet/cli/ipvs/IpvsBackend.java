package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.Connection;
import dev.svcnet.ipvs.Connections;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.netlink.NetlinkException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the {@code svcnet ipvs} commands get their IPVS client, connection table and standard
 * input: the kernel and {@code System.in}, unless a test puts a fake in their place.
 */
final class IpvsBackend {
  private IpvsBackend() {}

  /** Opens a client; {@link IpvsClient#open()} by default. */
  interface Opener {
    IpvsClient open() throws NetlinkException;
  }

  /** Reads the connection table; {@link Connections#read()} by default. */
  interface ConnectionReader {
    List<Connection> read() throws IOException;
  }

  static volatile Opener opener = IpvsClient::open;
  static volatile ConnectionReader connections = Connections::read;
  static volatile Supplier<InputStream> input = () -> System.in;
}
