package dev.svcnet.conformance.guest;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.SchedulerFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One random scheduling scenario: a TCP virtual service with a scheduler (and for sh and mh its
 * flags), a pool of destinations, then destinations added, re-weighted and removed (and added
 * again) between new connections from distinct clients.
 *
 * @param scheduler the scheduler
 * @param flags its flags
 * @param vip the virtual service
 * @param pool every destination the scenario may use, in a fixed order (the chart's slots)
 * @param steps what happens, in order
 */
public record SchedulerScenario(IpvsScheduler scheduler, Set<SchedulerFlag> flags, Endpoint vip,
    List<Endpoint> pool, List<Step> steps) {

  public SchedulerScenario {
    flags = Set.copyOf(flags);
    pool = List.copyOf(pool);
    steps = List.copyOf(steps);
  }

  /** One event. */
  public sealed interface Step {}

  /** {@code ipvsadm -a}: a destination joins (at the head of the kernel's list). */
  public record Add(Endpoint destination, int weight) implements Step {
    @Override
    public String toString() {
      return "-a -r " + destination + " -m -w " + weight;
    }
  }

  /** {@code ipvsadm -e}: a destination's weight changes. */
  public record Update(Endpoint destination, int weight) implements Step {
    @Override
    public String toString() {
      return "-e -r " + destination + " -m -w " + weight;
    }
  }

  /** {@code ipvsadm -d}: a destination leaves (to the kernel's trash, counters kept). */
  public record Remove(Endpoint destination) implements Step {
    @Override
    public String toString() {
      return "-d -r " + destination;
    }
  }

  /** A SYN from {@code client}: one scheduling decision. */
  public record Connect(Endpoint client) implements Step {
    @Override
    public String toString() {
      return "connect from " + client;
    }
  }

  /** The deterministic schedulers (twos draws kernel random numbers; Debian does not build it). */
  static final List<IpvsScheduler> SCHEDULERS = List.of(IpvsScheduler.values()).stream()
      .filter(s -> s != IpvsScheduler.TWOS).toList();

  /** The same scenario with other steps. */
  public SchedulerScenario withSteps(List<Step> newSteps) {
    return new SchedulerScenario(scheduler, flags, vip, pool, newSteps);
  }

  /**
   * Whether the steps make sense: only absent destinations are added, only present ones changed
   * or removed, and no client connects twice. Shrinking drops steps, which can break this.
   */
  public boolean consistent() {
    Set<Endpoint> present = new HashSet<>();
    Set<Endpoint> clients = new HashSet<>();
    for (Step step : steps) {
      boolean ok;
      if (step instanceof Add add) {
        ok = present.add(add.destination());
      } else if (step instanceof Update update) {
        ok = present.contains(update.destination());
      } else if (step instanceof Remove remove) {
        ok = present.remove(remove.destination());
      } else {
        ok = clients.add(((Connect) step).client());
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A scenario drawn from {@code random}. */
  static SchedulerScenario random(Random random) {
    IpvsScheduler scheduler = SCHEDULERS.get(random.nextInt(SCHEDULERS.size()));
    Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
    if (scheduler == IpvsScheduler.SH || scheduler == IpvsScheduler.MH) {
      if (random.nextBoolean()) {
        flags.add(SchedulerFlag.FALLBACK);
      }
      if (random.nextBoolean()) {
        flags.add(SchedulerFlag.PORT);
      }
    }
    Endpoint vip = Endpoint.of("10.96." + random.nextInt(256) + "." + (1 + random.nextInt(254)),
        1 + random.nextInt(65535));
    int poolSize = 2 + random.nextInt(4);
    List<Endpoint> pool = new ArrayList<>();
    Set<String> addresses = new HashSet<>();
    while (pool.size() < poolSize) {
      // 10.244.0.1 is the dummy interface's own address.
      Endpoint candidate = Endpoint.of("10.244." + random.nextInt(256) + "."
          + (2 + random.nextInt(253)), 1 + random.nextInt(65535));
      if (addresses.add(candidate.address().getHostAddress())) {
        pool.add(candidate);
      }
    }
    int factor = 1 + random.nextInt(3);
    List<Step> steps = new ArrayList<>();
    Set<Endpoint> present = new LinkedHashSet<>();
    int initial = 1 + random.nextInt(poolSize);
    for (int i = 0; i < initial; i++) {
      steps.add(new Add(pool.get(i), weight(random, factor)));
      present.add(pool.get(i));
    }
    Set<Endpoint> clients = new HashSet<>();
    int connections = 10 + random.nextInt(21);
    for (int c = 0; c < connections; c++) {
      if (c > 0 && random.nextInt(4) == 0) {
        steps.add(change(random, pool, present, factor));
      }
      Endpoint client;
      do {
        client = Endpoint.of("172." + (16 + random.nextInt(16)) + "." + random.nextInt(256) + "."
            + (1 + random.nextInt(254)), 1024 + random.nextInt(64512));
      } while (!clients.add(client));
      steps.add(new Connect(client));
    }
    return new SchedulerScenario(scheduler, flags, vip, pool, steps);
  }

  private static int weight(Random random, int factor) {
    return random.nextInt(8) == 0 ? 0 : (1 + random.nextInt(4)) * factor;
  }

  private static Step change(Random random, List<Endpoint> pool, Set<Endpoint> present,
      int factor) {
    List<Endpoint> absent = new ArrayList<>(pool);
    absent.removeAll(present);
    List<Endpoint> current = new ArrayList<>(present);
    int kind = random.nextInt(3);
    if (current.isEmpty() || kind == 2 && !absent.isEmpty()) {
      Endpoint destination = absent.get(random.nextInt(absent.size()));
      present.add(destination);
      return new Add(destination, weight(random, factor));
    }
    Endpoint destination = current.get(random.nextInt(current.size()));
    if (kind == 1) {
      present.remove(destination);
      return new Remove(destination);
    }
    return new Update(destination, weight(random, factor));
  }

  /** Simpler versions of one step: smaller weights. */
  static List<Step> simpler(Step step) {
    if (step instanceof Add add && add.weight() > 1) {
      return List.of(new Add(add.destination(), 1), new Add(add.destination(), add.weight() - 1));
    }
    if (step instanceof Update update && update.weight() > 1) {
      return List.of(new Update(update.destination(), 1),
          new Update(update.destination(), update.weight() - 1));
    }
    return List.of();
  }

  /** ipvsadm-like lines, one step a line. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("-A -t ").append(vip).append(" -s ").append(scheduler);
    if (!flags.isEmpty()) {
      out.append(" -b ").append(String.join(",", flags.stream()
          .map(f -> f.nameFor(scheduler)).sorted().toList()));
    }
    for (Step step : steps) {
      out.append("\n").append(step);
    }
    return out.toString();
  }
}
