package dev.svcnet.conformance.cluster;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.Service;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the cluster checks do on the node itself: read its rules through the real iptables-save,
 * its IPVS table over netlink, its ipsets with the real {@code ipset save} and the addresses of an
 * interface with the real {@code ip}, and
 * open TCP connections from it. {@link #local()} is the machine the check runs on (a pod with
 * the host's network); {@link #in} a network namespace standing for a node.
 */
public interface NodeAccess {

  /** The rules of {@code backend} for {@code family}; IOException when that program is missing. */
  RuleSet save(Backend backend, IpFamily family) throws IOException;

  /** Every IPVS virtual server with its real servers; IOException when the kernel has no IPVS. */
  List<Service> ipvsTable() throws IOException;

  /** The addresses on interface {@code name}, or empty when there is no such interface. */
  Optional<List<InetAddress>> interfaceAddresses(String name) throws IOException;

  /**
   * The output of the real {@code ipset save}: every set with its create options and members;
   * IOException when the program is missing or fails.
   */
  String ipsetSave() throws IOException;

  /** Opens (and closes) one TCP connection to {@code address}, waiting at most 2 seconds. */
  Connection connect(InetSocketAddress address);

  /** How a connection attempt ended. */
  enum Connection { ESTABLISHED, REFUSED, TIMED_OUT, FAILED }

  /** The calling thread's network namespace. */
  static NodeAccess local() {
    return new NodeAccess() {
      @Override
      public RuleSet save(Backend backend, IpFamily family) throws IOException {
        return Iptables.of(backend, family).save();
      }

      @Override
      public List<Service> ipvsTable() throws IOException {
        try (IpvsClient ipvs = IpvsClient.open()) {
          return ipvs.dump();
        }
      }

      @Override
      public Optional<List<InetAddress>> interfaceAddresses(String name) throws IOException {
        return addressesOf(name);
      }

      @Override
      public String ipsetSave() throws IOException {
        CommandResult saved = ExternalCommand.of("ipset", "save").run();
        if (!saved.succeeded()) {
          throw new IOException(saved.describe());
        }
        return saved.stdout();
      }

      @Override
      public Connection connect(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
          socket.connect(address, 2000);
          return Connection.ESTABLISHED;
        } catch (ConnectException e) {
          return Connection.REFUSED;
        } catch (SocketTimeoutException e) {
          return Connection.TIMED_OUT;
        } catch (IOException e) {
          return Connection.FAILED;
        }
      }
    };
  }

  /** A network namespace: everything runs on its thread. */
  static NodeAccess in(NetworkNamespace namespace) {
    NodeAccess local = local();
    return new NodeAccess() {
      @Override
      public RuleSet save(Backend backend, IpFamily family) throws IOException {
        return namespace.call(() -> local.save(backend, family));
      }

      @Override
      public List<Service> ipvsTable() throws IOException {
        return namespace.call(local::ipvsTable);
      }

      @Override
      public Optional<List<InetAddress>> interfaceAddresses(String name) throws IOException {
        return namespace.call(() -> local.interfaceAddresses(name));
      }

      @Override
      public String ipsetSave() throws IOException {
        return namespace.call(local::ipsetSave);
      }

      @Override
      public Connection connect(InetSocketAddress address) {
        try {
          return namespace.call(() -> local.connect(address));
        } catch (IOException e) {
          return Connection.FAILED;
        }
      }
    };
  }

  /** {@code ip -o addr show dev NAME} in the calling thread's namespace; empty: no such device. */
  private static Optional<List<InetAddress>> addressesOf(String name) throws IOException {
    if (!ExternalCommand.of("ip", "-o", "link", "show", "dev", name).run().succeeded()) {
      return Optional.empty();
    }
    CommandResult shown = ExternalCommand.of("ip", "-o", "addr", "show", "dev", name).run();
    if (!shown.succeeded()) {
      throw new IOException(shown.describe());
    }
    List<InetAddress> addresses = new ArrayList<>();
    Matcher address = Pattern.compile(" inet6? ([0-9A-Fa-f.:]+)/\\d+").matcher(shown.stdout());
    while (address.find()) {
      addresses.add(InetAddress.getByName(address.group(1)));
    }
    return Optional.of(addresses);
  }

  /** kube-proxy's rules of {@code family} and the backend they were found in, or empty. */
  default Optional<Found> kubeProxyRules(IpFamily family) {
    for (Backend backend : new Backend[] {Backend.NFT, Backend.LEGACY}) {
      try {
        RuleSet rules = save(backend, family);
        boolean present = rules.table(Table.NAT)
            .flatMap(t -> t.chain(ChainName.of("KUBE-SERVICES"))).isPresent();
        if (present) {
          return Optional.of(new Found(backend, rules));
        }
      } catch (IOException e) {
        // that backend's programs are missing or failed: try the other
      }
    }
    return Optional.empty();
  }

  /** Rules found in one backend. */
  record Found(Backend backend, RuleSet rules) {}
}
