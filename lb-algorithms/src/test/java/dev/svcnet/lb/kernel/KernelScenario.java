package dev.svcnet.lb.kernel;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.Protocol;
import dev.svcnet.lb.SchedulerFlag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * One random IPVS scenario to play against both the kernel and the model: a TCP virtual service
 * with a scheduler and flags, then destination additions (a destination removed earlier may come
 * back, reviving its counters from the trash), edits (weight, thresholds), removals, and new
 * connections from distinct client address:port pairs in between. Every number is drawn from
 * QuickTheories' source, so a failing scenario shrinks.
 *
 * @param scheduler the scheduler
 * @param flags its flags
 * @param vip the virtual service's address and port (for a firewall-mark service, the address
 *     and port the clients send to, whose packets get the mark)
 * @param steps what happens, in order
 * @param fwmark whether the service is a firewall-mark service (mark 1), which takes TCP and UDP
 *     connections alike, instead of a TCP service
 */
record KernelScenario(IpvsScheduler scheduler, Set<SchedulerFlag> flags, Endpoint vip,
    List<Step> steps, boolean fwmark) {

  /** The mark of a firewall-mark service. */
  static final int MARK = 1;

  KernelScenario(IpvsScheduler scheduler, Set<SchedulerFlag> flags, Endpoint vip,
      List<Step> steps) {
    this(scheduler, flags, vip, steps, false);
  }

  /** One event. */
  sealed interface Step {}

  /** {@code ipvsadm -a}: a destination joins the list (at its head). */
  record Add(Endpoint destination, int weight, int upper, int lower) implements Step {
    @Override
    public String toString() {
      return "-a -r " + destination + " -m -w " + weight + thresholds(upper, lower);
    }
  }

  /** {@code ipvsadm -e}: a destination's weight and thresholds change. */
  record Update(Endpoint destination, int weight, int upper, int lower) implements Step {
    @Override
    public String toString() {
      return "-e -r " + destination + " -m -w " + weight + thresholds(upper, lower);
    }
  }

  /** {@code ipvsadm -d}: a destination leaves the list (to the trash, counters kept). */
  record Remove(Endpoint destination) implements Step {
    @Override
    public String toString() {
      return "-d -r " + destination;
    }
  }

  /**
   * A TCP SYN (or one UDP datagram) from {@code client} to the virtual service: one scheduling
   * decision. The TCP connection stays in SYN_RECV (active), the UDP one is inactive.
   */
  record Connect(Endpoint client, Protocol protocol) implements Step {
    Connect(Endpoint client) {
      this(client, Protocol.TCP);
    }

    @Override
    public String toString() {
      return (protocol == Protocol.TCP ? "tcp" : "udp") + " from " + client;
    }
  }

  private static String thresholds(int upper, int lower) {
    return upper == 0 && lower == 0 ? "" : " -x " + upper + " -y " + lower;
  }

  long connections() {
    return steps.stream().filter(Connect.class::isInstance).count();
  }

  /** The scenario as ipvsadm-like lines, one step a line, numbered connections. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (fwmark) {
      out.append("\n  -A -f ").append(MARK).append(" -s ").append(scheduler)
          .append("   (marked: packets to ").append(vip).append(')');
    } else {
      out.append("\n  -A -t ").append(vip).append(" -s ").append(scheduler);
    }
    if (!flags.isEmpty()) {
      Set<String> names = new TreeSet<>();
      flags.forEach(f -> names.add(f.nameFor(scheduler)));
      out.append(" -b ").append(String.join(",", names));
    }
    int connection = 0;
    for (Step step : steps) {
      out.append("\n  ");
      if (step instanceof Connect) {
        out.append('#').append(connection++).append(' ');
      }
      out.append(step);
    }
    return out.append('\n').toString();
  }

  /**
   * Random scenarios for one scheduler and flag set: 2 to 6 candidate destinations (a few added
   * up front), 10 to 30 connections, and between connections an edit, removal or (re-)addition
   * now and then. Weights share a random factor 1 to 3 (so wrr sees a gcd above 1), are
   * sometimes 0, and some destinations get small thresholds so they become overloaded.
   */
  static Gen<KernelScenario> scenarios(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    return in -> new Generator(in).scenario(scheduler, flags, false);
  }

  /**
   * As {@link #scenarios} but on a firewall-mark service, each connection TCP (active) or UDP
   * (inactive) at random, so the destinations carry both kinds of counter and the schedulers'
   * overhead formulas (active * 256 + inactive, active + 1, ...) decide.
   */
  static Gen<KernelScenario> mixedScenarios(IpvsScheduler scheduler) {
    return in -> new Generator(in).scenario(scheduler, Set.of(), true);
  }

  private static final class Generator {
    private final RandomnessSource in;

    Generator(RandomnessSource in) {
      this.in = in;
    }

    int between(int low, int high) {
      return integers().between(low, high).generate(in);
    }

    /** True with this percentage; shrinks towards false. */
    boolean chance(int percent) {
      return between(0, 99) >= 100 - percent;
    }

    KernelScenario scenario(IpvsScheduler scheduler, Set<SchedulerFlag> flags, boolean mixed) {
      Endpoint vip = Endpoint.of("10.96." + between(0, 255) + "." + between(1, 254),
          between(1, 65535));
      int factor = between(1, 3);
      int poolSize = between(2, 6);
      List<Endpoint> pool = new ArrayList<>();
      Set<String> seenAddresses = new HashSet<>();
      while (pool.size() < poolSize) {
        // 10.244.0.1 is the dummy interface's own address: real servers start at .2.
        Endpoint candidate = Endpoint.of("10.244." + between(0, 255) + "." + between(2, 254),
            between(1, 65535));
        if (seenAddresses.add(candidate.address().getHostAddress())) {
          pool.add(candidate);
        }
      }
      List<Step> steps = new ArrayList<>();
      Set<Endpoint> present = new LinkedHashSet<>();
      int initial = between(1, poolSize);
      for (int i = 0; i < initial; i++) {
        steps.add(add(pool.get(i), factor));
        present.add(pool.get(i));
      }
      int connections = between(10, 30);
      Set<Endpoint> clients = new HashSet<>();
      for (int c = 0; c < connections; c++) {
        if (c > 0 && chance(25)) {
          steps.add(change(pool, present, factor));
        }
        Endpoint client;
        do {
          client = Endpoint.of("172." + between(16, 31) + "." + between(0, 255) + "."
              + between(1, 254), between(1024, 65535));
        } while (!clients.add(client));
        steps.add(new Connect(client, mixed && chance(50) ? Protocol.UDP : Protocol.TCP));
      }
      return new KernelScenario(scheduler, flags, vip, List.copyOf(steps), mixed);
    }

    private int weight(int factor) {
      return chance(12) ? 0 : between(1, 4) * factor;
    }

    private Add add(Endpoint destination, int factor) {
      int weight = weight(factor);
      if (chance(25)) {
        int upper = between(1, 6);
        return new Add(destination, weight, upper, between(0, upper));
      }
      return new Add(destination, weight, 0, 0);
    }

    private Step change(List<Endpoint> pool, Set<Endpoint> present, int factor) {
      List<Endpoint> absent = new ArrayList<>(pool);
      absent.removeAll(present);
      List<Endpoint> current = new ArrayList<>(present);
      int kind = between(0, 2);
      if (current.isEmpty() || kind == 2 && !absent.isEmpty()) {
        Endpoint destination = absent.get(between(0, absent.size() - 1));
        present.add(destination);
        return add(destination, factor);
      }
      Endpoint destination = current.get(between(0, current.size() - 1));
      if (kind == 1) {
        present.remove(destination);
        return new Remove(destination);
      }
      Add edit = add(destination, factor);
      return new Update(destination, edit.weight(), edit.upper(), edit.lower());
    }
  }
}
