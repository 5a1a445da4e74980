package dev.svcnet.conformance.guest;

import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.SchedulerFlag;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs inside the kernel VM: {@code tries} random {@link SchedulerScenario}s drawn from
 * {@code seed} are played, each in a fresh network namespace, against the guest's IPVS and
 * against lb-algorithms' {@link IpvsService}, and every scheduling decision must be the same.
 * Connections are real TCP SYNs from sockets bound to the client's address; nobody answers, so
 * the kernel's entry stays in SYN_RECV (an active state) and its real server is read from
 * {@code ip_vs_conn}; the model is told {@code open} then {@code established} for the same
 * event. Prints one {@value #PICKS} line per scenario (picks per pool slot, kernel then model);
 * on the first disagreement shrinks the scenario's steps and prints {@value #FIRST},
 * {@value #MINIMAL} and {@value #PROBLEM} lines (" | " for line breaks), exit code 1.
 * A third argument {@code true} is the test-only fault switch: the model then sees every
 * non-zero weight as 1.
 */
public final class SchedulerPicks {

  public static final String PICKS = "PICKS ";
  public static final String FIRST = "FIRST ";
  public static final String MINIMAL = "MINIMAL ";
  public static final String PROBLEM = "PROBLEM ";
  private static final int SHRINK_PROBES = 80;
  private static final List<String> MODULES = List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr",
      "ip_vs_lc", "ip_vs_wlc", "ip_vs_sh", "ip_vs_dh", "ip_vs_mh", "ip_vs_sed", "ip_vs_nq",
      "ip_vs_fo", "ip_vs_ovf", "ip_vs_lblc", "ip_vs_lblcr", "dummy");
  /** ip_vs_conn of this thread's namespace ({@code /proc/self/net} is the main thread's). */
  private static final Path CONNECTIONS = Path.of("/proc/thread-self/net/ip_vs_conn");
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /**
   * One play of a scenario.
   *
   * @param kernelPicks picks per pool slot by the kernel
   * @param modelPicks picks per pool slot predicted by the model
   * @param problem the first disagreement, or null
   */
  record Played(int[] kernelPicks, int[] modelPicks, String problem) {}

  private SchedulerPicks() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int tries = Integer.parseInt(args[1]);
    boolean faulty = args.length > 2 && Boolean.parseBoolean(args[2]);
    for (String module : MODULES) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
    Random random = new Random(seed);
    for (int trial = 0; trial < tries; trial++) {
      SchedulerScenario scenario = SchedulerScenario.random(random);
      Played played = playFresh(scenario, faulty);
      System.out.println(PICKS + scenario.scheduler() + " " + csv(played.kernelPicks()) + " "
          + csv(played.modelPicks()));
      if (played.problem() != null) {
        List<SchedulerScenario.Step> minimal = new ListShrinker<SchedulerScenario.Step>(
            steps -> {
              SchedulerScenario candidate = scenario.withSteps(steps);
              try {
                return candidate.consistent() && playFresh(candidate, faulty).problem() != null;
              } catch (IOException | RuntimeException rejected) {
                return false;
              }
            }, SchedulerScenario::simpler, SHRINK_PROBES).shrink(scenario.steps());
        SchedulerScenario smallest = scenario.withSteps(minimal);
        String problem = playFresh(smallest, faulty).problem();
        System.out.println(FIRST + scenario.steps().size() + " try " + trial + ": "
            + oneLine(scenario.toString()));
        System.out.println(MINIMAL + minimal.size() + " " + oneLine(smallest.toString()));
        System.out.println(PROBLEM + oneLine(problem == null ? "(agreed when played again)"
            : problem));
        System.exit(1);
      }
    }
    System.out.println("PASSED " + tries + " scenarios");
  }

  private static String oneLine(String text) {
    return text.strip().replace("\n", " | ");
  }

  private static String csv(int[] counts) {
    StringJoiner joined = new StringJoiner(",");
    for (int count : counts) {
      joined.add(Integer.toString(count));
    }
    return joined.toString();
  }

  /** Plays {@code scenario} in a fresh namespace (no connections, an empty trash). */
  static Played playFresh(SchedulerScenario scenario, boolean faulty) throws IOException {
    try (NetworkNamespace namespace =
        NetworkNamespace.create("scheduler-" + NAMESPACES.incrementAndGet())) {
      return namespace.call(() -> play(scenario, faulty));
    }
  }

  /** Plays the scenario against the kernel (this thread's namespace) and the model in step. */
  private static Played play(SchedulerScenario scenario, boolean faulty) throws IOException {
    Set<String> clients = new LinkedHashSet<>();
    for (SchedulerScenario.Step step : scenario.steps()) {
      if (step instanceof SchedulerScenario.Connect connect) {
        clients.add(connect.client().address().getHostAddress() + "/32");
      }
    }
    RoutableDummy.add(List.copyOf(clients));
    IpvsService model = IpvsService.create(IpvsServiceConfig.of(scenario.scheduler())
        .withFlags(scenario.flags()));
    ServiceId id = ServiceId.of(Protocol.TCP, scenario.vip().address(), scenario.vip().port());
    int[] kernelPicks = new int[scenario.pool().size()];
    int[] modelPicks = new int[scenario.pool().size()];
    try (IpvsClient kernel = IpvsClient.open()) {
      kernel.addService(VirtualService.of(id, scenario.scheduler().kernelName())
          .withFlags(serviceFlags(scenario.flags())));
      int decision = 0;
      for (SchedulerScenario.Step step : scenario.steps()) {
        if (step instanceof SchedulerScenario.Add add) {
          kernel.addDestination(id, server(add.destination(), add.weight()));
          model.addDestination(DestinationConfig.of(add.destination(),
              modelWeight(add.weight(), faulty)));
        } else if (step instanceof SchedulerScenario.Update update) {
          kernel.updateDestination(id, server(update.destination(), update.weight()));
          model.updateDestination(DestinationConfig.of(update.destination(),
              modelWeight(update.weight(), faulty)));
        } else if (step instanceof SchedulerScenario.Remove remove) {
          kernel.deleteDestination(id, server(remove.destination(), 0));
          model.removeDestination(remove.destination());
        } else {
          Endpoint client = ((SchedulerScenario.Connect) step).client();
          Optional<IpvsConnection> opened = model.open(Packet.tcp(client, scenario.vip()));
          opened.ifPresent(model::established);
          Optional<Endpoint> predicted = opened.map(IpvsConnection::destination);
          Optional<Endpoint> chosen = connect(client, scenario.vip());
          chosen.ifPresent(e -> count(kernelPicks, scenario.pool(), e));
          predicted.ifPresent(e -> count(modelPicks, scenario.pool(), e));
          if (!predicted.equals(chosen)) {
            return new Played(kernelPicks, modelPicks, "decision #" + decision + " (" + step
                + "): kernel " + chosen.map(Endpoint::toString).orElse("none") + ", svcnet "
                + predicted.map(Endpoint::toString).orElse("none"));
          }
          decision++;
        }
      }
    }
    return new Played(kernelPicks, modelPicks, null);
  }

  private static int modelWeight(int weight, boolean faulty) {
    return faulty && weight > 0 ? 1 : weight;
  }

  private static void count(int[] picks, List<Endpoint> pool, Endpoint picked) {
    int slot = pool.indexOf(picked);
    if (slot >= 0) {
      picks[slot]++;
    }
  }

  private static Set<ServiceFlag> serviceFlags(Set<SchedulerFlag> flags) {
    Set<ServiceFlag> mapped = EnumSet.noneOf(ServiceFlag.class);
    if (flags.contains(SchedulerFlag.FALLBACK)) {
      mapped.add(ServiceFlag.SCHED_1);
    }
    if (flags.contains(SchedulerFlag.PORT)) {
      mapped.add(ServiceFlag.SCHED_2);
    }
    return mapped;
  }

  private static RealServer server(Endpoint destination, int weight) {
    return RealServer.of(destination.address(), destination.port(), ForwardingMethod.MASQ)
        .withWeight(weight);
  }

  /**
   * One SYN from {@code client}; the real server the kernel bound it to, or empty when it made
   * no connection (no destination available). The socket closes at once, silently (SYN_SENT),
   * and the kernel's entry waits in SYN_RECV, so no retransmitted SYN is scheduled again.
   */
  private static Optional<Endpoint> connect(Endpoint client, Endpoint vip) throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(client.address(), client.port()));
      channel.configureBlocking(false);
      try {
        channel.connect(new InetSocketAddress(vip.address(), vip.port()));
      } catch (IOException unreachable) {
        // No destination: the kernel may already have answered with ICMP unreachable.
      }
    }
    String from = hex(client.address()) + " " + String.format(Locale.ROOT, "%04X", client.port())
        + " " + hex(vip.address()) + " " + String.format(Locale.ROOT, "%04X", vip.port());
    for (String line : Files.readAllLines(CONNECTIONS)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && f[0].equals("TCP")
          && (f[1] + " " + f[2] + " " + f[3] + " " + f[4]).equals(from)) {
        long to = Long.parseLong(f[5], 16);
        return Optional.of(new Endpoint(InetAddress.getByAddress(new byte[] {(byte) (to >> 24),
            (byte) (to >> 16), (byte) (to >> 8), (byte) to}), Integer.parseInt(f[6], 16)));
      }
    }
    return Optional.empty();
  }

  private static String hex(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("IPv4 only: " + address);
    }
    byte[] b = address.getAddress();
    return String.format(Locale.ROOT, "%02X%02X%02X%02X", b[0] & 0xFF, b[1] & 0xFF,
        b[2] & 0xFF, b[3] & 0xFF);
  }

  /** For the host side: the guest command line. */
  public static List<String> command(String java, String classPath, long seed, int tries,
      boolean faulty) {
    List<String> argv = new ArrayList<>(List.of(java, "-cp", classPath,
        SchedulerPicks.class.getName(), Long.toString(seed), Integer.toString(tries),
        Boolean.toString(faulty)));
    return argv;
  }
}
