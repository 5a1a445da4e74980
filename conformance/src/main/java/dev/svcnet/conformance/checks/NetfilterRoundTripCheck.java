package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.testing.KernelRoundTrip;
import dev.svcnet.netfilter.testing.RandomRuleSets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random kernel-valid rule sets (netfilter-api's {@link RandomRuleSets}, drawn from the seed,
 * IPv4 and IPv6 in turn) restored with the real iptables-restore of both backends in a fresh
 * namespace read back through iptables-save exactly as svcnet's canonical form predicts
 * ({@link KernelRoundTrip}). A failing rule set shrinks to the fewest rules (each with the fewest
 * matches) that still fail, on the backend that failed.
 */
public final class NetfilterRoundTripCheck extends NamespaceCheck {

  static final List<Backend> BACKENDS = List.of(Backend.LEGACY, Backend.NFT);
  /** Rule sets per run are capped: each is two restores and two saves a backend. */
  static final int MAX_RULE_SETS = 50;
  private static final int SHRINK_PROBES = 200;

  /** One rule of a rule set, with where it goes: the table's and the chain's index. */
  record PlacedRule(int table, int chain, Rule rule) {}

  @Override
  public String capability() {
    return "netfilter.round-trip";
  }

  @Override
  public String description() {
    return "random rule sets restored with iptables-restore read back with iptables-save as"
        + " svcnet's canonical form";
  }

  /** The rule sets of a run: {@code tries} of them (at most 50), IPv4 and IPv6 in turn. */
  static List<RuleSet> ruleSets(Settings settings) {
    RandomRuleSets.Choices choices = RandomRuleSets.Choices.of(
        new Random(settings.seed() ^ 0x7AB1E5L));
    List<RuleSet> sets = new ArrayList<>();
    for (int i = 0; i < Math.min(settings.tries(), MAX_RULE_SETS); i++) {
      sets.add(RandomRuleSets.ruleSet(i % 2 == 0 ? IpFamily.IPV4 : IpFamily.IPV6, choices));
    }
    return sets;
  }

  @Override
  public CheckResult runInThisNamespace(Target target, Settings settings, Progress progress) {
    long started = System.nanoTime();
    List<RuleSet> sets = ruleSets(settings);
    boolean faulty = settings.faultyModels();
    try {
      for (int i = 0; i < sets.size(); i++) {
        RuleSet set = sets.get(i);
        for (Backend backend : BACKENDS) {
          Iptables iptables = Iptables.of(backend, set.family());
          if (disagreement(iptables, set, faulty).isPresent()) {
            return failed(target, settings, iptables, backend, i, set, started);
          }
        }
        progress.update(i + 1, sets.size());
      }
      return new CheckResult(capability(), target, Verdict.PASSED, sets.size()
          + " random rule sets (" + rules(sets) + " rules) x " + BACKENDS.size()
          + " backends, each read back as predicted", elapsed(started));
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables)", elapsed(started));
    } catch (Exception e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "the check could not complete: " + e, elapsed(started));
    }
  }

  private CheckResult failed(Target target, Settings settings, Iptables iptables,
      Backend backend, int index, RuleSet first, long started) throws Exception {
    boolean faulty = settings.faultyModels();
    List<PlacedRule> minimalRules = new ListShrinker<PlacedRule>(
        candidate -> disagreement(iptables, withRules(first, candidate), faulty).isPresent(),
        NetfilterRoundTripCheck::fewerMatches, SHRINK_PROBES).shrink(placed(first));
    RuleSet minimal = withRules(first, minimalRules);
    String problem = disagreement(iptables, minimal, faulty)
        .orElse("(passed when checked again)");
    String where = backend.restoreProgram(first.family()) + ", rule set " + index + ": ";
    Counterexample counterexample = new Counterexample(settings.seed(), where + describe(first),
        size(first), where + describe(minimal), size(minimal), problem,
        Counterexample.reproduceCommand(target, capability(),
            settings.withTries(Math.min(settings.tries(), MAX_RULE_SETS))));
    return new CheckResult(capability(), target, Verdict.FAILED, "rule set " + index
        + " did not read back as predicted through " + backend.restoreProgram(first.family())
        + "; shrunk from " + size(first) + " to " + size(minimal) + " chains and rules",
        elapsed(started), counterexample, List.of());
  }

  /**
   * The round trip's disagreement; the test-only fault switch expects the rule set as written
   * instead of its canonical form (what iptables-save prints).
   */
  private static Optional<String> disagreement(Iptables iptables, RuleSet set, boolean faulty)
      throws IOException {
    return KernelRoundTrip.disagreement(iptables, set, faulty ? set : set.canonical());
  }

  /** A rule set's size for shrinking: chains plus rules (never 0: filter always has FORWARD). */
  static int size(RuleSet set) {
    return set.tables().stream().mapToInt(t -> t.chains().size()
        + t.chains().stream().mapToInt(c -> c.rules().size()).sum()).sum();
  }

  private static int rules(List<RuleSet> sets) {
    return sets.stream().mapToInt(s -> s.tables().stream().mapToInt(t -> t.chains().stream()
        .mapToInt(c -> c.rules().size()).sum()).sum()).sum();
  }

  private static String describe(RuleSet set) {
    return set.family() + ", " + size(set) + " chains and rules:\n"
        + RuleSetCodec.standard().format(set, false);
  }

  static List<PlacedRule> placed(RuleSet set) {
    List<PlacedRule> placed = new ArrayList<>();
    for (int t = 0; t < set.tables().size(); t++) {
      List<Chain> chains = set.tables().get(t).chains();
      for (int c = 0; c < chains.size(); c++) {
        for (Rule rule : chains.get(c).rules()) {
          placed.add(new PlacedRule(t, c, rule));
        }
      }
    }
    return placed;
  }

  /** {@code set}'s tables and chains holding only {@code rules}. */
  static RuleSet withRules(RuleSet set, List<PlacedRule> rules) {
    List<TableRules> tables = new ArrayList<>();
    for (int t = 0; t < set.tables().size(); t++) {
      TableRules table = set.tables().get(t);
      List<Chain> chains = new ArrayList<>();
      for (int c = 0; c < table.chains().size(); c++) {
        Chain chain = table.chains().get(c);
        int tableIndex = t;
        int chainIndex = c;
        chains.add(new Chain(chain.name(), chain.policy(), chain.counters(), rules.stream()
            .filter(r -> r.table() == tableIndex && r.chain() == chainIndex)
            .map(PlacedRule::rule).toList()));
      }
      tables.add(new TableRules(table.table(), chains));
    }
    return new RuleSet(set.family(), tables);
  }

  /** The rule with one match fewer, each way the rest is still a valid rule. */
  private static List<PlacedRule> fewerMatches(PlacedRule placed) {
    Rule rule = placed.rule();
    List<PlacedRule> fewer = new ArrayList<>();
    for (int m = 0; m < rule.matches().size(); m++) {
      List<Match> rest = new ArrayList<>(rule.matches());
      rest.remove(m);
      try {
        fewer.add(new PlacedRule(placed.table(), placed.chain(), new Rule(rule.source(),
            rule.destination(), rule.inInterface(), rule.outInterface(), rule.protocol(), rest,
            rule.target(), rule.counters())));
      } catch (InvalidRuleException e) {
        // That match is needed (a port match needs its protocol): keep it.
      }
    }
    return fewer;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
