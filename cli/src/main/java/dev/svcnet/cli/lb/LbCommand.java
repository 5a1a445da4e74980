package dev.svcnet.cli.lb;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet lb}: what the kernel's IPVS schedulers decide, simulated. */
@Command(
    name = "lb",
    mixinStandardHelpOptions = true,
    description = "Simulate IPVS schedulers exactly as the kernel decides.",
    subcommands = {LbSimulateCommand.class, LbDistributionCommand.class})
public final class LbCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: simulate or distribution");
  }
}
