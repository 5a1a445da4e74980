package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.text.IpvsadmRuleException;
import dev.svcnet.ipvs.text.IpvsadmRules;
import dev.svcnet.ipvs.text.Reconciler;
import dev.svcnet.netlink.NetlinkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet ipvs restore [--reconcile] < FILE}: reads a whole rule file from standard input,
 * parses it and checks it against itself (from an empty table) before the kernel is touched.
 * Then, like {@code ipvsadm-restore}, clears the table and applies the file's commands; or, with
 * {@code --reconcile}, applies only the difference between the kernel's table and the file's.
 * Either way in one batch.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = "Apply a rule file (ipvsadm -S format) from standard input, as ipvsadm-restore"
        + " does, or with --reconcile only the changes that make the kernel equal to it.")
final class IpvsRestoreCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--reconcile",
      description = "change only what differs instead of clearing and re-adding everything")
  boolean reconcile;

  @Option(names = "--dry-run",
      description = "print the commands that would be applied (as ipvsadm commands), apply"
          + " nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<IpvsadmRules.Rule> rules;
    List<Service> desired;
    try {
      String text = new String(IpvsBackend.input.get().readAllBytes(), StandardCharsets.UTF_8);
      rules = IpvsadmRules.parse(text);
      desired = IpvsadmRules.state(rules);
    } catch (IpvsadmRuleException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": cannot read standard input: " + e.getMessage());
      err.flush();
      return 2;
    }
    List<String> origins = new ArrayList<>(); // what each batch entry stands for, for errors
    try (IpvsClient client = IpvsBackend.opener.open()) {
      List<IpvsOperation> operations = new ArrayList<>();
      if (reconcile) {
        for (IpvsOperation operation : Reconciler.diff(client.dump(), desired)) {
          operations.add(operation);
          origins.add(IpvsadmRules.command(operation));
        }
      } else {
        operations.add(new IpvsOperation.Flush()); // ipvsadm-restore runs ipvsadm -C first
        origins.add("clearing the table");
        for (IpvsadmRules.Rule rule : rules) {
          operations.add(rule.operation());
          origins.add("line " + rule.line() + " (" + rule.text() + ")");
        }
      }
      if (dryRun) {
        PrintWriter out = spec.commandLine().getOut();
        for (IpvsOperation operation : operations) {
          out.println(IpvsadmRules.command(operation));
        }
        out.flush();
        return 0;
      }
      if (!operations.isEmpty()) {
        client.apply(operations);
      }
      return 0;
    } catch (NetlinkException e) {
      return IpvsCommand.kernelFailure(spec, e,
          i -> i < origins.size() ? origins.get(i) : "operation " + i);
    }
  }
}
