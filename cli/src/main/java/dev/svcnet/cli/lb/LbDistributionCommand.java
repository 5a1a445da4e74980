package dev.svcnet.cli.lb;

import dev.svcnet.lb.DestinationStatus;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.InvalidValueException;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.Protocol;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet lb distribution}: opens {@code --flows} connections from generated clients (all
 * staying open) and prints the share per destination; with {@code --remove}, for the hashing
 * schedulers, how many flows move when that destination is removed.
 */
@Command(
    name = "distribution",
    mixinStandardHelpOptions = true,
    description = "Share of N generated flows per destination; with --remove (sh, dh, mh) how"
        + " many flows move when a destination is removed.")
final class LbDistributionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ServiceOptions service;

  @Option(names = "--flows", required = true, paramLabel = "N",
      description = "number of flows (random client addresses and ports from --seed)")
  int flows;

  @Option(names = "--remove", paramLabel = "IP:PORT",
      description = "a destination to remove afterwards (hashing schedulers only)")
  String remove;

  @Override
  public Integer call() {
    if (flows < 1) {
      throw new ParameterException(spec.commandLine(),
          "--flows: must be at least 1, was " + flows);
    }
    IpvsService ipvs = service.build(spec);
    IpvsScheduler scheduler = ipvs.config().scheduler();
    Endpoint removed = null;
    if (remove != null) {
      try {
        removed = Endpoint.parse(remove);
      } catch (InvalidValueException e) {
        throw ServiceOptions.bad(spec, "--remove", e);
      }
      Endpoint wanted = removed;
      if (ipvs.destinations().stream().noneMatch(d -> d.endpoint().equals(wanted))) {
        throw new ParameterException(spec.commandLine(),
            "--remove: " + remove + " is not one of the --dest destinations");
      }
      if (!scheduler.isHashing()) {
        throw new ParameterException(spec.commandLine(), "--remove: only meaningful for the"
            + " hashing schedulers sh, dh and mh, not " + scheduler);
      }
    }
    List<Packet> packets = generateFlows(ipvs);
    List<Endpoint> before = decide(ipvs, packets);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s, %d flows%n", describe(ipvs), flows);
    printShares(out, ipvs, before);
    if (removed != null) {
      ipvs.removeDestination(removed);
      List<Endpoint> after = decide(ipvs, packets);
      int moved = 0;
      int wereOnRemoved = 0;
      for (int i = 0; i < packets.size(); i++) {
        if (removed.equals(before.get(i))) {
          wereOnRemoved++;
        }
        if (before.get(i) == null ? after.get(i) != null : !before.get(i).equals(after.get(i))) {
          moved++;
        }
      }
      out.printf(Locale.ROOT, "after removing %s:%n", removed);
      printShares(out, ipvs, after);
      out.printf(Locale.ROOT, "moved: %d of %d flows (%d were on %s: the minimum; %d moved"
          + " between other destinations)%n", moved, flows, wereOnRemoved, removed,
          moved - wereOnRemoved);
    }
    out.flush();
    return 0;
  }

  private String describe(IpvsService ipvs) {
    StringBuilder text = new StringBuilder(ipvs.config().scheduler().kernelName());
    ipvs.config().flags().stream().sorted()
        .forEach(f -> text.append(' ').append(f.nameFor(ipvs.config().scheduler())));
    return text.toString();
  }

  private List<Packet> generateFlows(IpvsService ipvs) {
    Endpoint vip = service.parsedService(spec, ipvs.config().family());
    Protocol protocol = service.parsedProtocol(spec);
    SplittableRandom random = new SplittableRandom(service.seed);
    boolean v6 = vip.family() == dev.svcnet.lb.AddressFamily.INET6;
    List<Packet> packets = new ArrayList<>(flows);
    for (int i = 0; i < flows; i++) {
      byte[] address = new byte[v6 ? 16 : 4];
      random.nextBytes(address);
      address[0] = v6 ? (byte) 0xfd : (byte) (1 + (address[0] & 0x7F));
      try {
        packets.add(new Packet(protocol,
            new Endpoint(InetAddress.getByAddress(address), 1024 + random.nextInt(64512)), vip));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return packets;
  }

  /**
   * The decision for every flow. Hashing schedulers are pure functions of the packet, so each
   * decision is made and its connection closed again; the others see the flows as connections
   * that stay open, one after the other.
   */
  private static List<Endpoint> decide(IpvsService ipvs, List<Packet> packets) {
    boolean hashing = ipvs.config().scheduler().isHashing();
    List<Endpoint> decisions = new ArrayList<>(packets.size());
    for (Packet packet : packets) {
      IpvsConnection connection = ipvs.open(packet).orElse(null);
      decisions.add(connection == null ? null : connection.destination());
      if (hashing && connection != null) {
        ipvs.close(connection);
      }
    }
    return decisions;
  }

  private void printShares(PrintWriter out, IpvsService ipvs, List<Endpoint> decisions) {
    Map<Endpoint, Integer> counts = new LinkedHashMap<>();
    for (DestinationStatus destination : ipvs.destinations()) {
      counts.put(destination.endpoint(), 0);
    }
    int unscheduled = 0;
    for (Endpoint decision : decisions) {
      if (decision == null) {
        unscheduled++;
      } else {
        counts.merge(decision, 1, Integer::sum);
      }
    }
    for (DestinationStatus destination : ipvs.destinations()) {
      int count = counts.get(destination.endpoint());
      out.printf(Locale.ROOT, "  %-24s weight %-5d %8d flows %7.2f%%%n", destination.endpoint(),
          destination.weight(), count, 100.0 * count / decisions.size());
    }
    if (unscheduled > 0) {
      out.printf(Locale.ROOT, "  %-24s %-12s %8d flows %7.2f%%%n", "none", "",
          unscheduled, 100.0 * unscheduled / decisions.size());
    }
  }
}
