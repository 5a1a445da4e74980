package dev.svcnet.cli.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.SchedulerFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LbSimulateCommandTest {

  @Test
  void roundRobinStartsWithTheLastAddedDestination() {
    Run run = Run.of("lb", "simulate", "--scheduler=rr", "--dest=10.0.0.1:80",
        "--dest=10.0.0.2:80", "--dest=10.0.0.3:80", "--client=192.168.0.1:1000",
        "--client=192.168.0.2:1000", "--client=192.168.0.3:1000", "--client=192.168.0.4:1000");
    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).containsExactly(
        "192.168.0.1:1000 -> 10.0.0.3:80",
        "192.168.0.2:1000 -> 10.0.0.2:80",
        "192.168.0.3:1000 -> 10.0.0.1:80",
        "192.168.0.4:1000 -> 10.0.0.3:80");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void connectionsStayOpenSoLeastConnectionSpreadsThem() {
    Run run = Run.of("lb", "simulate", "--scheduler=lc", "--dest=10.0.0.1:80@1",
        "--dest=10.0.0.2:80@1", "--client=192.168.0.1:1000", "--client=192.168.0.1:1001",
        "--client=192.168.0.1:1002");
    assertThat(run.lines()).containsExactly(
        "192.168.0.1:1000 -> 10.0.0.2:80",
        "192.168.0.1:1001 -> 10.0.0.1:80",
        "192.168.0.1:1002 -> 10.0.0.2:80");
  }

  @Test
  void printsWhatTheModelDecidesForMhWithFlags() {
    List<String> args = new ArrayList<>(List.of("lb", "simulate", "--scheduler=mh",
        "--flags=mh-port,mh-fallback", "--dest=10.0.0.1:80@2", "--dest=10.0.0.2:80@1",
        "--dest=10.0.0.3:80@0"));
    IpvsService model = IpvsService.create(IpvsServiceConfig.of(IpvsScheduler.MH)
        .withFlags(Set.of(SchedulerFlag.PORT, SchedulerFlag.FALLBACK)));
    model.addDestination(DestinationConfig.parse("10.0.0.1:80@2"));
    model.addDestination(DestinationConfig.parse("10.0.0.2:80@1"));
    model.addDestination(DestinationConfig.parse("10.0.0.3:80@0"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Endpoint client = Endpoint.of("172.16.0." + (i + 1), 30000 + 7 * i);
      args.add("--client=" + client);
      expected.add(client + " -> " + model.open(Packet.tcp(client, Endpoint.of("10.96.0.1", 80)))
          .map(IpvsConnection::destination).orElseThrow());
    }
    Run run = Run.of(args.toArray(String[]::new));
    assertThat(run.lines()).containsExactlyElementsOf(expected);
    assertThat(expected).noneMatch(line -> line.endsWith("10.0.0.3:80"));
  }

  @Test
  void noDestinationAvailablePrintsNone() {
    Run run = Run.of("lb", "simulate", "--scheduler=wrr", "--dest=10.0.0.1:80@0",
        "--client=192.168.0.1:1000");
    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).containsExactly("192.168.0.1:1000 -> none");
  }

  @Test
  void ipv6DestinationsAndClientsWork() {
    Run run = Run.of("lb", "simulate", "--scheduler=sh", "--dest=[fd00::2]:80",
        "--client=[fd00:1::5]:4000");
    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).containsExactly(
        "[fd00:1:0:0:0:0:0:5]:4000 -> [fd00:0:0:0:0:0:0:2]:80");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "--scheduler=fastest|--scheduler",
      "--dest=10.0.0.1:80@-1|--dest: weight",
      "--dest=10.0.0.1:80@heavy|--dest: weight",
      "--dest=10.0.0.300:80|--dest: address",
      "--dest=10.0.0.1:99999|--dest: port",
      "--client=localhost:80|--client: address",
      "--flags=sh-sticky|--flags",
      "--mh-table-size=65537|--mh-table-size"})
  void badArgumentsExit2NamingTheArgument(String bad, String named) {
    String option = bad.substring(0, bad.indexOf('='));
    List<String> args = new ArrayList<>(List.of("lb", "simulate"));
    for (String good : List.of("--scheduler=mh", "--dest=10.0.0.1:80",
        "--client=192.168.0.1:1000")) {
      if (!good.startsWith(option + "=")) {
        args.add(good);
      }
    }
    args.add(bad);
    Run run = Run.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(named);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aDestinationGivenTwiceExits2() {
    Run run = Run.of("lb", "simulate", "--scheduler=rr", "--dest=10.0.0.1:80",
        "--dest=10.0.0.1:80", "--client=192.168.0.1:1000");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--dest").contains("already exists");
  }

  @Test
  void lbWithoutSubcommandExits2() {
    Run run = Run.of("lb");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command");
  }

  @Test
  void svcnetHelpListsLb() {
    Run run = Run.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("(?m)^\\s+lb\\s+Simulate IPVS schedulers");
    assertThat(Run.of("lb", "--help").out()).contains("simulate").contains("distribution");
  }
}
