package dev.svcnet.cli.iptables;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.TableUpdate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet iptables apply [--noflush] [--ipv6] [--backend B] FILE}: parses the whole file
 * first (nothing is applied if a line is bad), then restores it. Without {@code --noflush} each
 * table in the file is replaced entirely; with it, only the chains the file declares are rewritten
 * and every other chain is left as it was.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Apply a rule file in iptables-save format through iptables-restore, one atomic"
        + " commit per table.")
final class ApplyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--noflush",
      description = "rewrite only the chains the file declares; leave every other chain alone")
  boolean noflush;

  @Option(names = "--ipv6", description = "apply with ip6tables-restore")
  boolean ipv6;

  @Option(names = "--backend", defaultValue = "SYSTEM",
      description = "legacy, nft, or system (the iptables-restore on the PATH); default ${DEFAULT-VALUE}")
  String backend;

  @Parameters(paramLabel = "FILE", description = "the rule file")
  Path file;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Backend chosen;
    try {
      chosen = Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": --backend: '" + backend + "' is not legacy, nft or system");
      err.flush();
      return 2;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      err.println(spec.qualifiedName() + ": FILE: " + file + " does not exist");
      err.flush();
      return 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": FILE: cannot read " + file + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    RuleSet ruleSet;
    try {
      ruleSet = RuleSetCodec.standard().parse(text, IptablesCommand.family(ipv6));
    } catch (IptablesSyntaxException e) {
      return IptablesCommand.badInput(spec, file.toString(), e);
    }
    Iptables iptables = Iptables.of(chosen, IptablesCommand.family(ipv6));
    try {
      if (noflush) {
        iptables.update(ruleSet.tables().stream()
            .map(t -> new TableUpdate(t.table(), t.chains(), Set.of())).toList());
      } else {
        iptables.replace(ruleSet, false);
      }
      return 0;
    } catch (RestoreException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
