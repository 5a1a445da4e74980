package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netfilter.RuleLocation;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.TableUpdate;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link Iptables} over the iptables-save and iptables-restore programs. */
public final class RestoreClient implements Iptables {
  /** "Error occurred at line: 8", "iptables-restore: line 15 failed", "line 12: RULE_APPEND failed". */
  private static final Pattern FAILED_LINE =
      Pattern.compile("(?:Error occurred at line: (\\d+))|(?:line (\\d+) failed)|(?:^line (\\d+):)", Pattern.MULTILINE);

  /** iptables-nft's message for a jump to a chain that does not exist. */
  private static final Pattern MISSING_CHAIN = Pattern.compile("Chain '([^']+)' does not exist");

  /**
   * Above how many named chains a table's {@code --noflush} payload starts with a listing for
   * iptables-nft-restore ({@link RestorePayload#updating(IpFamily, List, boolean, int)}); the
   * legacy program keeps no such list and never gets one.
   */
  static final int LIST_ABOVE_CHAINS = 1_000;

  private final Backend backend;
  private final IpFamily family;
  private final RuleSetCodec codec;

  public RestoreClient(Backend backend, IpFamily family, RuleSetCodec codec) {
    this.backend = backend;
    this.family = family;
    this.codec = codec;
  }

  @Override
  public IpFamily family() {
    return family;
  }

  @Override
  public RuleSet save() throws IOException {
    return codec.parse(ExternalCommand.of(backend.saveProgram(family), "-c").runChecked(), family);
  }

  @Override
  public TableRules save(Table table) throws IOException {
    String text = ExternalCommand.of(backend.saveProgram(family), "-c", "-t", table.tableName()).runChecked();
    return codec.parse(text, family).table(table).orElseThrow(
        () -> new IOException(backend.saveProgram(family) + " printed no table " + table.tableName()));
  }

  @Override
  public void replace(RuleSet ruleSet, boolean counters) throws RestoreException, IOException {
    if (ruleSet.family() != family) {
      throw new IllegalArgumentException("rule set is " + ruleSet.family() + ", this client is " + family);
    }
    restore(RestorePayload.replacing(ruleSet, counters), counters, false);
  }

  @Override
  public void update(List<TableUpdate> updates) throws RestoreException, IOException {
    // Validates every written rule against this family and its table.
    new RuleSet(family, updates.stream().map(u -> new TableRules(u.table(), u.chains())).toList());
    int listAbove = backend == Backend.LEGACY ? Integer.MAX_VALUE : LIST_ABOVE_CHAINS;
    restore(RestorePayload.updating(family, updates, false, listAbove), false, true);
  }

  /** Runs the restore program on {@code payload}, mapping a failure back to the model. */
  public void restore(RestorePayload payload, boolean counters, boolean noflush)
      throws RestoreException, IOException {
    List<String> argv = new ArrayList<>(List.of(backend.restoreProgram(family), "-w"));
    if (noflush) {
      argv.add("--noflush");
    }
    if (counters) {
      argv.add("--counters");
    }
    CommandResult result = ExternalCommand.of(argv.toArray(String[]::new)).withStdin(payload.text()).run();
    if (result.succeeded()) {
      return;
    }
    throw failure(result, payload);
  }

  private static boolean jumpsTo(dev.svcnet.netfilter.Rule rule, String chain) {
    return (rule.target() instanceof dev.svcnet.netfilter.Jump jump && jump.chain().value().equals(chain))
        || (rule.target() instanceof dev.svcnet.netfilter.Goto go && go.chain().value().equals(chain));
  }

  static RestoreException failure(CommandResult result, RestorePayload payload) {
    Matcher m = FAILED_LINE.matcher(result.stderr());
    int line = 0;
    if (m.find()) {
      String number = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      line = Integer.parseInt(number);
    }
    List<String> lines = payload.lines();
    String text = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    RuleLocation origin = payload.originOf(line);
    Matcher missing = MISSING_CHAIN.matcher(result.stderr());
    if (origin == null && missing.find()) {
      // iptables-nft checks jump targets at COMMIT and reports that line: find the rule.
      origin = payload.origins().stream().filter(o -> o != null && jumpsTo(o.rule(), missing.group(1)))
          .findFirst().orElse(null);
    }
    String where = origin != null
        ? " (rule " + origin.index() + " of chain " + origin.chain() + " in table " + origin.table().tableName() + ")"
        : line > 0 ? " (payload line " + line + ": " + text + ")" : "";
    return new RestoreException(result.describe() + where, line, text, origin, result.stderr());
  }
}
