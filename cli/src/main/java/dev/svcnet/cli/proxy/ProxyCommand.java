package dev.svcnet.cli.proxy;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet proxy}: the service-proxy sync engine against the kernel. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = "Program the kernel with what kube-proxy would program for Kubernetes objects.",
    subcommands = {ProxyApplyCommand.class})
public final class ProxyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: apply");
  }
}
