package dev.svcnet.cli.iptables;

import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.IptablesSyntaxException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet iptables}: iptables-save text in canonical form, and applying rule files through
 * iptables-restore.
 *
 * <p>Exit codes: 0 done; 1 iptables-restore refused the rules (the message names the payload
 * line and the rule); 2 bad usage or bad input (the message names the argument, or the line and
 * column of the rule file).
 */
@Command(
    name = "iptables",
    mixinStandardHelpOptions = true,
    description = "Normalize iptables-save output, apply rule files through iptables-restore, and render kube-proxy's rules for Services.",
    subcommands = {NormalizeCommand.class, ApplyCommand.class,
        dev.svcnet.cli.proxy.IptablesRenderCommand.class})
public final class IptablesCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: normalize or apply");
  }

  static IpFamily family(boolean ipv6) {
    return ipv6 ? IpFamily.IPV6 : IpFamily.IPV4;
  }

  /** Reports bad input with its position and gives exit code 2. */
  static int badInput(CommandSpec spec, String source, IptablesSyntaxException e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + source + " line " + e.line() + ", column " + e.column()
        + ": " + e.reason());
    err.flush();
    return 2;
  }
}
