package dev.svcnet.cli.lb;

import dev.svcnet.lb.AddressFamily;
import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.InvalidValueException;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.IpvsStateException;
import dev.svcnet.lb.Protocol;
import dev.svcnet.lb.SchedulerFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that describe a virtual service, shared by {@code lb simulate} and
 * {@code lb distribution}, and their conversion to the lb-algorithms model. Every bad value
 * becomes a {@link ParameterException} (exit code 2) whose message starts with the option name.
 */
final class ServiceOptions {

  @Option(names = "--scheduler", required = true, paramLabel = "NAME",
      description = "rr, wrr, lc, wlc, sed, nq, fo, ovf, sh, dh, mh, lblc, lblcr or twos")
  String scheduler;

  @Option(names = "--flags", split = ",", paramLabel = "F",
      description = "scheduler flags: sh-fallback, sh-port, mh-fallback, mh-port, flag-1..3")
  List<String> flags = new ArrayList<>();

  @Option(names = "--dest", required = true, paramLabel = "IP:PORT[@WEIGHT]",
      description = "a real server, in the order added to the kernel (weight 1 if omitted)")
  List<String> dests;

  @Option(names = "--service", paramLabel = "IP:PORT",
      description = "the virtual service address (default 10.96.0.1:80, or [fd00::1]:80 for"
          + " IPv6 destinations); dh, lblc and lblcr hash it")
  String service;

  @Option(names = "--protocol", paramLabel = "P", defaultValue = "tcp",
      description = "tcp (default), udp or sctp")
  String protocol;

  @Option(names = "--mh-table-size", paramLabel = "M", defaultValue = "4093",
      description = "mh table size, a CONFIG_IP_VS_MH_TAB_INDEX prime (default ${DEFAULT-VALUE})")
  int mhTableSize;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "seed for twos and for generated flows (default ${DEFAULT-VALUE})")
  long seed;

  IpvsScheduler parsedScheduler(CommandSpec spec) {
    try {
      return IpvsScheduler.byName(scheduler);
    } catch (InvalidValueException e) {
      throw bad(spec, "--scheduler", e);
    }
  }

  List<DestinationConfig> parsedDests(CommandSpec spec) {
    List<DestinationConfig> parsed = new ArrayList<>();
    for (String dest : dests) {
      try {
        parsed.add(DestinationConfig.parse(dest));
      } catch (InvalidValueException e) {
        throw bad(spec, "--dest", e);
      }
    }
    return parsed;
  }

  Endpoint parsedService(CommandSpec spec, AddressFamily family) {
    if (service == null) {
      return family == AddressFamily.INET6 ? Endpoint.of("fd00::1", 80)
          : Endpoint.of("10.96.0.1", 80);
    }
    try {
      return Endpoint.parse(service);
    } catch (InvalidValueException e) {
      throw bad(spec, "--service", e);
    }
  }

  Protocol parsedProtocol(CommandSpec spec) {
    switch (protocol.toLowerCase(Locale.ROOT)) {
      case "tcp":
        return Protocol.TCP;
      case "udp":
        return Protocol.UDP;
      case "sctp":
        return Protocol.SCTP;
      default:
        throw new ParameterException(spec.commandLine(),
            "--protocol: expected tcp, udp or sctp, was '" + protocol + "'");
    }
  }

  /** A service with the destinations added in order. */
  IpvsService build(CommandSpec spec) {
    IpvsScheduler chosen = parsedScheduler(spec);
    List<DestinationConfig> destinations = parsedDests(spec);
    AddressFamily family = destinations.get(0).endpoint().family();
    Set<SchedulerFlag> parsedFlags = EnumSet.noneOf(SchedulerFlag.class);
    for (String flag : flags) {
      try {
        parsedFlags.add(SchedulerFlag.parse(flag));
      } catch (InvalidValueException e) {
        throw bad(spec, "--flags", e);
      }
    }
    IpvsServiceConfig config;
    try {
      config = IpvsServiceConfig.of(chosen).withFlags(parsedFlags).withFamily(family)
          .withMhTableSize(mhTableSize).withRandomSeed(seed);
    } catch (InvalidValueException e) {
      throw bad(spec, "--mh-table-size", e);
    }
    IpvsService ipvs = IpvsService.create(config);
    for (DestinationConfig destination : destinations) {
      try {
        ipvs.addDestination(destination);
      } catch (InvalidValueException | IpvsStateException e) {
        throw new ParameterException(spec.commandLine(), "--dest: " + e.getMessage());
      }
    }
    return ipvs;
  }

  static ParameterException bad(CommandSpec spec, String option, InvalidValueException e) {
    return new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
  }
}
