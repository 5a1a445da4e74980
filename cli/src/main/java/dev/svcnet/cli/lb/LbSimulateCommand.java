package dev.svcnet.cli.lb;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.InvalidValueException;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.Protocol;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet lb simulate}: each {@code --client} opens one connection that stays open; prints
 * the real server the kernel would choose for each, in order.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Print, for each client in order, the real server the kernel would pick."
        + " Each client opens one connection that stays open (and counts in lc, wlc, ...).")
final class LbSimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ServiceOptions service;

  @Option(names = "--client", required = true, paramLabel = "IP:PORT",
      description = "a client's source address and port; one connection each, in order")
  List<String> clients;

  @Option(names = "--established",
      description = "each connection completes its handshake: an SCTP association then counts as"
          + " active (TCP counts as active from its SYN anyway, UDP never)")
  boolean established;

  @Override
  public Integer call() {
    IpvsService ipvs = service.build(spec);
    Endpoint vip = service.parsedService(spec, ipvs.config().family());
    Protocol protocol = service.parsedProtocol(spec);
    List<Packet> packets = new ArrayList<>();
    for (String client : clients) {
      try {
        packets.add(new Packet(protocol, Endpoint.parse(client), vip));
      } catch (InvalidValueException e) {
        throw ServiceOptions.bad(spec, "--client", e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Packet packet : packets) {
      Optional<IpvsConnection> connection;
      try {
        connection = ipvs.open(packet);
      } catch (InvalidValueException e) {
        throw new ParameterException(spec.commandLine(), "--client: " + e.getMessage());
      }
      if (established) {
        connection.ifPresent(ipvs::established);
      }
      out.println(packet.client() + " -> "
          + connection.map(c -> c.destination().toString()).orElse("none"));
    }
    out.flush();
    return 0;
  }
}
