package dev.svcnet.conformance.cluster;

import dev.svcnet.ipvs.Addresses;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.proxy.IpvsVirtualServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every place where a node's IPVS table differs from the virtual servers svcnet predicts
 * (service-proxy's IPVS plan): virtual servers missing on the node or on the node but not
 * predicted, differing scheduler or persistence, and per virtual server its real servers that are
 * missing, not predicted, or differ in weight or forwarding method. Statistics and connection
 * counters are not compared. The node's addresses on kube-proxy's dummy interface are compared
 * with the plan's bound addresses when the node has that interface.
 */
final class IpvsDifferences {

  private IpvsDifferences() {}

  static List<String> between(List<IpvsVirtualServer> predicted, List<Service> node) {
    Map<ServiceId, IpvsVirtualServer> wanted = new LinkedHashMap<>();
    predicted.forEach(server -> wanted.put(server.service().id(), server));
    Map<ServiceId, Service> have = new LinkedHashMap<>();
    node.forEach(service -> have.put(service.id(), service));
    List<String> differences = new ArrayList<>();
    for (IpvsVirtualServer server : wanted.values()) {
      Service actual = have.get(server.service().id());
      if (actual == null) {
        differences.add(server.service().id() + ": svcnet predicts this virtual server ("
            + describe(server.service()) + ", " + servers(server.realServers().size())
            + "), missing on the node");
        continue;
      }
      serviceFields(differences, server.service(), actual.service());
      realServers(differences, server.service().id(), server.realServers(),
          actual.destinations());
    }
    for (Service service : have.values()) {
      if (!wanted.containsKey(service.id())) {
        differences.add(service.id() + ": on the node (" + describe(service.service()) + ", "
            + servers(service.destinations().size()) + "), not predicted by svcnet for the API"
            + " server's objects");
      }
    }
    return differences;
  }

  /** The plan's bound addresses against the node's dummy interface, when it has one. */
  static List<String> boundAddresses(String dummyInterface, List<InetAddress> predicted,
      Optional<List<InetAddress>> onNode) {
    List<String> differences = new ArrayList<>();
    if (onNode.isEmpty()) {
      differences.add(dummyInterface + ": svcnet predicts it with " + predicted.size()
          + " addresses, the node has no such interface");
      return differences;
    }
    for (InetAddress address : predicted) {
      if (!onNode.get().contains(address)) {
        differences.add(dummyInterface + ": svcnet predicts address "
            + Addresses.text(address) + ", not on the node");
      }
    }
    for (InetAddress address : onNode.get()) {
      if (!predicted.contains(address)) {
        differences.add(dummyInterface + ": node has address " + Addresses.text(address)
            + ", not predicted by svcnet");
      }
    }
    return differences;
  }

  private static void serviceFields(List<String> differences, VirtualService want,
      VirtualService have) {
    if (!want.scheduler().equals(have.scheduler())) {
      differences.add(want.id() + ": scheduler: node has " + have.scheduler()
          + ", svcnet predicts " + want.scheduler());
    }
    if (!persistence(want).equals(persistence(have))) {
      differences.add(want.id() + ": persistence: node has " + persistence(have)
          + ", svcnet predicts " + persistence(want));
    }
    if (!otherFlags(want).equals(otherFlags(have))) {
      differences.add(want.id() + ": flags: node has " + otherFlags(have) + ", svcnet predicts "
          + otherFlags(want));
    }
  }

  private static void realServers(List<String> differences, ServiceId id, List<RealServer> want,
      List<Destination> have) {
    List<RealServer> onNode = have.stream().map(Destination::server).toList();
    for (RealServer server : want) {
      Optional<RealServer> actual = onNode.stream().filter(server::sameEndpoint).findFirst();
      String where = id + " -> " + Addresses.withPort(server.address(), server.port());
      if (actual.isEmpty()) {
        differences.add(where + ": svcnet predicts this real server (" + describe(server)
            + "), missing on the node");
        continue;
      }
      if (actual.get().weight() != server.weight()) {
        differences.add(where + ": weight: node has " + actual.get().weight()
            + ", svcnet predicts " + server.weight());
      }
      if (actual.get().forwarding() != server.forwarding()) {
        differences.add(where + ": forwarding: node has "
            + actual.get().forwarding().ipvsadmName() + ", svcnet predicts "
            + server.forwarding().ipvsadmName());
      }
    }
    for (RealServer server : onNode) {
      if (want.stream().noneMatch(server::sameEndpoint)) {
        differences.add(id + " -> " + Addresses.withPort(server.address(), server.port())
            + ": on the node (" + describe(server) + "), not predicted by svcnet"
            + (server.weight() == 0 ? " (weight 0: kube-proxy may be draining it after the"
                + " endpoint went away)" : ""));
      }
    }
  }

  /** The flags besides persistence (which {@link #persistence} compares). */
  private static Set<ServiceFlag> otherFlags(VirtualService service) {
    Set<ServiceFlag> flags = new TreeSet<>(service.flags());
    flags.remove(ServiceFlag.PERSISTENT);
    return flags;
  }

  private static String persistence(VirtualService service) {
    if (!service.persistent()) {
      return "none";
    }
    int full = service.id().ipv6() ? 128 : 32;
    return service.timeoutSeconds() + " s" + (service.netmaskPrefix() == full ? ""
        : " per /" + service.netmaskPrefix()) + (service.persistenceEngine() == null ? ""
            : " engine " + service.persistenceEngine());
  }

  private static String describe(VirtualService service) {
    return service.scheduler() + (service.persistent() ? ", persistent " + persistence(service)
        : "");
  }

  private static String describe(RealServer server) {
    return server.forwarding().ipvsadmName() + ", weight " + server.weight();
  }

  private static String servers(int count) {
    return count + (count == 1 ? " real server" : " real servers");
  }

}
