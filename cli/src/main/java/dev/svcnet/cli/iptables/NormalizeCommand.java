package dev.svcnet.cli.iptables;

import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.RuleSetCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet iptables normalize [--ipv6] < DUMP}: prints iptables-save output (or restore
 * input) in canonical form, the text iptables-save would print back after restoring it.
 */
@Command(
    name = "normalize",
    mixinStandardHelpOptions = true,
    description = "Read iptables-save output (or iptables-restore input) on standard input and print"
        + " it in the canonical form iptables-save prints back.")
final class NormalizeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--ipv6", description = "the input is ip6tables text")
  boolean ipv6;

  @Override
  public Integer call() {
    String text;
    try {
      text = new String(IptablesInput.stdin.get().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": cannot read standard input: " + e.getMessage());
      err.flush();
      return 2;
    }
    try {
      String canonical = RuleSetCodec.standard().normalize(text, IptablesCommand.family(ipv6));
      PrintWriter out = spec.commandLine().getOut();
      out.print(canonical);
      out.flush();
      return 0;
    } catch (IptablesSyntaxException e) {
      return IptablesCommand.badInput(spec, "standard input", e);
    }
  }
}
