package dev.svcnet.lb.internal;

import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.SchedulerFlag;

/** Creates the scheduler for a service configuration ({@code init_service}). */
final class Schedulers {

  private Schedulers() {}

  static Scheduler create(IpvsServiceConfig config) {
    boolean fallback = config.has(SchedulerFlag.FALLBACK);
    boolean port = config.has(SchedulerFlag.PORT);
    return switch (config.scheduler()) {
      case RR -> new RoundRobinScheduler();
      case WRR -> new WeightedRoundRobinScheduler();
      case LC -> config.indexedLeastConnection() ? IndexedLeastScheduler.lc()
          : new LeastConnectionScheduler();
      case WLC -> config.indexedLeastConnection() ? IndexedLeastScheduler.wlc()
          : WeightedLeastScheduler.wlc();
      case SED -> config.indexedLeastConnection() ? IndexedLeastScheduler.sed()
          : WeightedLeastScheduler.sed();
      case NQ -> new NeverQueueScheduler();
      case FO -> new WeightedFailoverScheduler();
      case OVF -> new OverflowScheduler();
      case SH -> new SourceHashingScheduler(fallback, port);
      case DH -> new DestinationHashingScheduler();
      case MH -> new MaglevHashingScheduler(config.mhTableSize(), fallback, port);
      case LBLC -> new LblcScheduler(config.clock(), config.localityExpiration());
      case LBLCR -> new LblcrScheduler(config.clock(), config.localityExpiration());
      case TWOS -> new TwoChoicesScheduler(config.randomSeed());
    };
  }
}
