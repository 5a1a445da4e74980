package dev.svcnet.netfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableUpdate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestorePayloadTest {

  /** Chain A jumping to B and C, D deleted: four chains named. */
  private static final TableUpdate UPDATE = new TableUpdate(Table.NAT,
      List.of(Chain.user("A", List.of(Rule.builder().target(Jump.to("B")).build(),
          Rule.builder().target(Jump.to("C")).build())), Chain.user("B", List.of())),
      Set.of(ChainName.of("D")));

  @Test
  void countsWrittenDeletedAndJumpedToChainsOnce() {
    assertThat(RestorePayload.chainsNamed(UPDATE)).isEqualTo(4);
  }

  @Test
  void aTableNamingMoreChainsThanTheLimitStartsWithAListing() {
    RestorePayload payload = RestorePayload.updating(IpFamily.IPV4, List.of(UPDATE), false, 3);

    assertThat(payload.lines()).containsExactly("*nat", "-S", ":A - [0:0]", ":B - [0:0]",
        ":D - [0:0]", "-A A -j B", "-A A -j C", "-X D", "COMMIT");
    assertThat(payload.originOf(6).chain()).isEqualTo(ChainName.of("A"));
    assertThat(payload.originOf(7).index()).isEqualTo(1);
  }

  @Test
  void aTableNamingNoMoreChainsThanTheLimitHasNoListing() {
    assertThat(RestorePayload.updating(IpFamily.IPV4, List.of(UPDATE), false, 4).lines())
        .doesNotContain("-S");
    assertThat(RestorePayload.updating(IpFamily.IPV4, List.of(UPDATE), false).lines())
        .doesNotContain("-S");
  }
}
