package dev.svcnet.ipvs.text;

import static dev.svcnet.ipvs.text.Fixtures.server;
import static dev.svcnet.ipvs.text.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.fake.FakeIpvsClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operations written as the ipvsadm commands that do them, and read back. */
class IpvsadmCommandTest {

  @Test
  void eachOperationAsAnIpvsadmCommand() {
    ServiceId web = tcp("10.0.0.1", 80);
    RealServer limited = new RealServer(Fixtures.ip("10.0.0.2"), 80, ForwardingMethod.MASQ, 3,
        10, 5, null);
    assertThat(List.of(
        new IpvsOperation.AddService(VirtualService.of(web, "rr")),
        new IpvsOperation.UpdateService(VirtualService.of(web, "sh").withPersistence(60)),
        new IpvsOperation.DeleteService(ServiceId.mark(7, true)),
        new IpvsOperation.AddDestination(web, limited),
        new IpvsOperation.UpdateDestination(web, server("10.0.0.3", 80, ForwardingMethod.ROUTE,
            0)),
        new IpvsOperation.DeleteDestination(web, limited),
        new IpvsOperation.Flush()).stream().map(IpvsadmRules::command).toList())
        .containsExactly(
            "-A -t 10.0.0.1:80 -s rr",
            "-E -t 10.0.0.1:80 -s sh -p 60",
            "-D -f 7 -6",
            "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3 -x 10 -y 5",
            "-e -t 10.0.0.1:80 -r 10.0.0.3:80 -g -w 0",
            "-d -t 10.0.0.1:80 -r 10.0.0.2:80",
            "-C");
  }

  @Test
  void aDiffWrittenAsCommandsAndReadBackDoesTheSame() {
    qt().withExamples(300).forAll(IpvsTables.tables(IpvsTables.Kind.RULES_WITH_THRESHOLDS),
        IpvsTables.tables(IpvsTables.Kind.RULES_WITH_THRESHOLDS)).checkAssert((current, desired) -> {
          try {
            StringBuilder text = new StringBuilder();
            for (IpvsOperation operation : Reconciler.diff(current, desired)) {
              text.append(IpvsadmRules.command(operation)).append('\n');
            }
            List<IpvsOperation> readBack = new ArrayList<>();
            for (IpvsadmRules.Rule rule : IpvsadmRules.parse(text.toString())) {
              readBack.add(rule.operation());
            }
            FakeIpvsClient table = FakeIpvsClient.of(current);
            table.apply(readBack);
            List<Service> result = table.dump();
            assertThat(IpvsTables.normalized(result)).isEqualTo(IpvsTables.normalized(desired));
          } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
          }
        });
  }
}
