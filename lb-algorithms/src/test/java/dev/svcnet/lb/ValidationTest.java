package dev.svcnet.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValidationTest {

  private static void rejects(Runnable action, String field) {
    assertThatThrownBy(action::run).isInstanceOf(InvalidValueException.class)
        .extracting(e -> ((InvalidValueException) e).field()).isEqualTo(field);
  }

  @Test
  void recordsNameTheFieldTheyReject() {
    rejects(() -> Endpoint.of("10.0.0.1", 65536), "port");
    rejects(() -> Endpoint.parse("10.0.0.256:80"), "address");
    rejects(() -> Endpoint.parse("example.com:80"), "address");
    rejects(() -> Endpoint.parse("10.0.0.1:http"), "port");
    rejects(() -> Endpoint.parse("fd00::1:80"), "address");
    rejects(() -> DestinationConfig.of(Endpoint.of("10.0.0.1", 80), -1), "weight");
    rejects(() -> DestinationConfig.parse("10.0.0.1:80@x"), "weight");
    rejects(() -> new DestinationConfig(Endpoint.of("10.0.0.1", 80), 1, 2, 3), "lowerThreshold");
    rejects(() -> IpvsScheduler.byName("fastest"), "scheduler");
    rejects(() -> SchedulerFlag.parse("sh-sticky"), "flags");
    rejects(() -> IpvsServiceConfig.of(IpvsScheduler.MH).withMhTableSize(65537), "mhTableSize");
  }

  @Test
  void endpointsParseAndPrintLikeIpvsadm() {
    assertThat(Endpoint.parse("10.0.0.1:80")).hasToString("10.0.0.1:80");
    assertThat(Endpoint.parse("[fd00::1]:443")).hasToString("[fd00:0:0:0:0:0:0:1]:443");
    assertThat(DestinationConfig.parse("10.0.0.2:8080@3").weight()).isEqualTo(3);
    assertThat(SchedulerFlag.parse("mh-port")).isEqualTo(SchedulerFlag.PORT);
    assertThat(SchedulerFlag.FALLBACK.nameFor(IpvsScheduler.SH)).isEqualTo("sh-fallback");
    assertThat(SchedulerFlag.FALLBACK.nameFor(IpvsScheduler.RR)).isEqualTo("flag-1");
  }

  @Test
  void serviceEventsThatDoNotFitTheStateCarryTheKernelsErrno() {
    IpvsService service = Scenario.service(IpvsScheduler.RR, 1);
    assertThatThrownBy(() -> service.addDestination(DestinationConfig.of(Scenario.rs(1), 1)))
        .isInstanceOf(IpvsStateException.class).extracting(e -> ((IpvsStateException) e).errno())
        .isEqualTo("EEXIST");
    assertThatThrownBy(() -> service.removeDestination(Scenario.rs(2)))
        .isInstanceOf(IpvsStateException.class).extracting(e -> ((IpvsStateException) e).errno())
        .isEqualTo("ENOENT");
    rejects(() -> service.addDestination(DestinationConfig.parse("[fd00::2]:80")), "address");
  }
}
