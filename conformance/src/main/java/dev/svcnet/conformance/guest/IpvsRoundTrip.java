package dev.svcnet.conformance.guest;

import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs inside the kernel VM: for {@code tries} random IPVS tables drawn from {@code seed}, each
 * in a fresh namespace, the table svcnet programs reads back identically through svcnet, and
 * {@code ipvsadm -S -n | ipvsadm-restore} into another fresh namespace reads back identically
 * too. On the first failing table it shrinks the table (fewer services, fewer destinations) and
 * prints {@value #FIRST}, {@value #MINIMAL} and {@value #PROBLEM} lines (each on one line, " | "
 * for line breaks); otherwise {@code PASSED ...}. Exit code 0 or 1. A third argument {@code true}
 * is the test-only fault switch: the expectation then forgets that ipvsadm -S drops thresholds.
 */
public final class IpvsRoundTrip {

  public static final String FIRST = "FIRST ";
  public static final String MINIMAL = "MINIMAL ";
  public static final String PROBLEM = "PROBLEM ";
  private static final int SHRINK_PROBES = 60;

  private static final List<String> SCHEDULERS = List.of("rr", "wrr", "lc", "wlc", "sh", "dh",
      "mh", "sed", "nq", "fo", "ovf", "lblc", "lblcr");

  private IpvsRoundTrip() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int tries = Integer.parseInt(args[1]);
    boolean faulty = args.length > 2 && Boolean.parseBoolean(args[2]);
    for (String module : SCHEDULERS) {
      ExternalCommand.of("modprobe", "ip_vs_" + module).runChecked();
    }
    ExternalCommand.of("modprobe", "dummy").runChecked();
    Random random = new Random(seed);
    try (NetworkNamespace program = NetworkNamespace.create("ipvs-program");
        NetworkNamespace restore = NetworkNamespace.create("ipvs-restore")) {
      program.run(RoutableDummy::add);
      restore.run(RoutableDummy::add);
      try (IpvsClient programmer = program.call(IpvsClient::open);
          IpvsClient reader = restore.call(IpvsClient::open)) {
        for (int trial = 0; trial < tries; trial++) {
          Map<VirtualService, Set<RealServer>> table = randomTable(random);
          if (check(table, programmer, program, reader, restore, faulty) != null) {
            List<Map.Entry<VirtualService, Set<RealServer>>> minimal =
                new ListShrinker<Map.Entry<VirtualService, Set<RealServer>>>(
                    entries -> check(tableOf(entries), programmer, program, reader, restore,
                        faulty) != null,
                    IpvsRoundTrip::fewerDestinations, SHRINK_PROBES)
                    .shrink(List.copyOf(table.entrySet()));
            String problem = check(tableOf(minimal), programmer, program, reader, restore,
                faulty);
            System.out.println(FIRST + size(table) + " try " + trial + ": "
                + oneLine(describe(table)));
            System.out.println(MINIMAL + size(tableOf(minimal)) + " "
                + oneLine(describe(tableOf(minimal))));
            System.out.println(PROBLEM + oneLine(problem == null
                ? "(passed when checked again)" : problem));
            System.exit(1);
          }
        }
      }
    }
    System.out.println("PASSED " + tries + " random tables");
  }

  /** A table's size for shrinking: services plus destinations. */
  public static int size(Map<VirtualService, Set<RealServer>> table) {
    return table.size() + table.values().stream().mapToInt(Set::size).sum();
  }

  /** One line a service, then one a destination with its thresholds (hidden by toString). */
  static String describe(Map<VirtualService, Set<RealServer>> table) {
    StringBuilder out = new StringBuilder();
    table.forEach((service, servers) -> {
      out.append(service).append('\n');
      for (RealServer server : servers) {
        out.append("  ").append(server);
        if (server.upperThreshold() != 0 || server.lowerThreshold() != 0) {
          out.append(" upper threshold ").append(server.upperThreshold())
              .append(" lower threshold ").append(server.lowerThreshold());
        }
        out.append('\n');
      }
    });
    return out.toString();
  }

  private static String oneLine(String text) {
    return text.strip().replace("\n", " | ");
  }

  private static Map<VirtualService, Set<RealServer>> tableOf(
      List<Map.Entry<VirtualService, Set<RealServer>>> entries) {
    Map<VirtualService, Set<RealServer>> table = new LinkedHashMap<>();
    entries.forEach(e -> table.put(e.getKey(), e.getValue()));
    return table;
  }

  /** The service with one destination fewer, each way of leaving one out. */
  private static List<Map.Entry<VirtualService, Set<RealServer>>> fewerDestinations(
      Map.Entry<VirtualService, Set<RealServer>> entry) {
    List<Map.Entry<VirtualService, Set<RealServer>>> fewer = new ArrayList<>();
    for (RealServer left : entry.getValue()) {
      Set<RealServer> rest = new java.util.HashSet<>(entry.getValue());
      rest.remove(left);
      fewer.add(Map.entry(entry.getKey(), Set.copyOf(rest)));
    }
    return fewer;
  }

  /**
   * Programs {@code table} with svcnet in one namespace and reads it back; saves it with
   * ipvsadm there and restores that into the other namespace, where svcnet reads it again.
   * Both tables are flushed first. Returns the problem, or null.
   */
  private static String check(Map<VirtualService, Set<RealServer>> table, IpvsClient programmer,
      NetworkNamespace program, IpvsClient reader, NetworkNamespace restore, boolean faulty)
      throws Exception {
    programmer.flush();
    for (Map.Entry<VirtualService, Set<RealServer>> entry : table.entrySet()) {
      programmer.addService(entry.getKey());
      for (RealServer server : entry.getValue()) {
        programmer.addDestination(entry.getKey().id(), server);
      }
    }
    Map<VirtualService, Set<RealServer>> read = settingsOf(programmer.dump());
    if (!read.equals(table)) {
      return "svcnet read back " + read;
    }
    String saved = program.call(() -> ExternalCommand.of("ipvsadm", "-S", "-n").runChecked());
    reader.flush();
    CommandResult restored = restore.call(() -> ExternalCommand.of("ipvsadm-restore")
        .withStdin(saved).run());
    if (!restored.succeeded()) {
      return "ipvsadm-restore of ipvsadm -S -n output failed: " + restored.describe() + "\n"
          + saved;
    }
    Map<VirtualService, Set<RealServer>> again = settingsOf(reader.dump());
    return again.equals(faulty ? table : withoutThresholds(table)) ? null
        : "after ipvsadm -S -n | ipvsadm-restore svcnet read " + again + "\nrules:\n" + saved;
  }

  /** {@code ipvsadm -S} does not write thresholds (-x/-y), so a restore cannot bring them back. */
  private static Map<VirtualService, Set<RealServer>> withoutThresholds(
      Map<VirtualService, Set<RealServer>> table) {
    Map<VirtualService, Set<RealServer>> stripped = new LinkedHashMap<>();
    table.forEach((service, servers) -> stripped.put(service, servers.stream()
        .map(server -> server.withThresholds(0, 0)).collect(Collectors.toSet())));
    return stripped;
  }

  private static Map<VirtualService, Set<RealServer>> settingsOf(List<Service> dump) {
    return dump.stream().collect(Collectors.toMap(Service::service,
        s -> s.destinations().stream().map(Destination::server).collect(Collectors.toSet())));
  }

  /**
   * Settings ipvsadm can express: weights up to 65535, thresholds, every protocol, marks,
   * both families, persistence with a netmask, scheduler flags, tunnels.
   */
  static Map<VirtualService, Set<RealServer>> randomTable(Random random) throws Exception {
    Map<VirtualService, Set<RealServer>> table = new LinkedHashMap<>();
    int services = 1 + random.nextInt(6);
    for (int s = 0; s < services; s++) {
      boolean ipv6 = random.nextInt(4) == 0;
      ServiceId id;
      if (random.nextInt(5) == 0) {
        id = ServiceId.mark(1 + s + 10 * random.nextInt(1000), ipv6);
      } else {
        Protocol protocol = Protocol.values()[random.nextInt(3)];
        InetAddress address = InetAddress.getByName(ipv6 ? "fd00:96::" + Integer.toHexString(s + 1)
            : "10.96.0." + (s + 1));
        id = ServiceId.of(protocol, address, 1 + random.nextInt(65535));
      }
      String scheduler = SCHEDULERS.get(random.nextInt(SCHEDULERS.size()));
      VirtualService service = VirtualService.of(id, scheduler);
      if (random.nextBoolean()) {
        service = service.withPersistence(1 + random.nextInt(3600))
            .withNetmaskPrefix(ipv6 ? 1 + random.nextInt(128) : random.nextInt(33));
      }
      Set<ServiceFlag> flags = EnumSet.copyOf(service.flags().isEmpty()
          ? EnumSet.noneOf(ServiceFlag.class) : service.flags());
      if ((scheduler.equals("sh") || scheduler.equals("mh")) && random.nextBoolean()) {
        flags.add(ServiceFlag.SCHED_1);
      }
      if ((scheduler.equals("sh") || scheduler.equals("mh")) && random.nextBoolean()) {
        flags.add(ServiceFlag.SCHED_2);
      }
      service = service.withFlags(flags);
      Set<RealServer> servers = new java.util.HashSet<>();
      int destinations = random.nextInt(5);
      for (int d = 0; d < destinations; d++) {
        InetAddress address = InetAddress.getByName(ipv6 ? "fd00:244::" + Integer.toHexString(
            0x100 + s * 16 + d) : "10.244." + s + "." + (d + 2));
        ForwardingMethod method = List.of(ForwardingMethod.MASQ, ForwardingMethod.ROUTE,
            ForwardingMethod.TUNNEL).get(random.nextInt(3));
        // ipvsadm forces a direct-route or tunnel destination's port to the service's port
        // (the kernel would keep another one, but no ipvsadm rule can express it).
        int port = id instanceof ServiceId.ByAddress byAddress
            ? (method == ForwardingMethod.MASQ ? 1 + random.nextInt(65535) : byAddress.port())
            : 0;
        Tunnel tunnel = null;
        if (method == ForwardingMethod.TUNNEL) {
          Tunnel.Type type = Tunnel.Type.values()[random.nextInt(3)];
          tunnel = new Tunnel(type, type == Tunnel.Type.GUE ? 1 + random.nextInt(65535) : 0,
              type == Tunnel.Type.IPIP ? Tunnel.Checksum.NOCSUM
                  : Tunnel.Checksum.values()[random.nextInt(type == Tunnel.Type.GUE ? 3 : 2)]);
        }
        long upper = random.nextBoolean() ? 0 : 1 + random.nextInt(1000);
        long lower = upper == 0 ? 0 : random.nextInt((int) upper + 1);
        servers.add(RealServer.of(address, port, ForwardingMethod.MASQ)
            .withForwarding(method, tunnel).withWeight(random.nextInt(65536))
            .withThresholds(upper, lower));
      }
      table.put(service, servers);
    }
    return table;
  }

  /** For the host side: the guest command line. */
  public static List<String> command(String java, String classPath, long seed, int tries,
      boolean faulty) {
    List<String> argv = new ArrayList<>();
    argv.add(java);
    argv.add("-cp");
    argv.add(classPath);
    argv.add(IpvsRoundTrip.class.getName());
    argv.add(Long.toString(seed));
    argv.add(Integer.toString(tries));
    argv.add(Boolean.toString(faulty));
    return argv;
  }
}
