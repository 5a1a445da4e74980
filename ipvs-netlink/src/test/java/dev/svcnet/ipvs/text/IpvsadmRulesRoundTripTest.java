package dev.svcnet.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.svcnet.ipvs.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever ipvsadm -S can express comes back unchanged through parse(write(table)). */
class IpvsadmRulesRoundTripTest {

  private static List<Service> readBack(String rules) throws IpvsadmRuleException {
    return IpvsadmRules.state(IpvsadmRules.parse(rules));
  }

  @Test
  void savedRulesRestoreTheSameTable() {
    qt().withExamples(500).forAll(IpvsTables.tables(IpvsTables.Kind.RULES)).checkAssert(table -> {
      try {
        String saved = IpvsadmRules.write(table);
        List<Service> restored = readBack(saved);
        assertThat(IpvsTables.normalized(restored)).isEqualTo(IpvsTables.normalized(table));
        // The same lines again. Their order can differ: libipvs's comparator is not transitive
        // (marks 1 and 2^31+1 and address services form a cycle, see IpvsadmOrderTest), so
        // glibc's merge sort gives an order that depends on the input order.
        assertThat(IpvsadmRules.write(restored).lines().sorted().toList())
            .isEqualTo(saved.lines().sorted().toList());
      } catch (IpvsadmRuleException e) {
        throw new AssertionError(e.getMessage(), e);
      }
    });
  }

  @Test
  void withThresholdsTheyRoundTripToo() {
    qt().withExamples(300).forAll(IpvsTables.tables(IpvsTables.Kind.RULES_WITH_THRESHOLDS))
        .checkAssert(table -> {
          try {
            List<Service> restored = readBack(IpvsadmRules.write(table, true));
            assertThat(IpvsTables.normalized(restored)).isEqualTo(IpvsTables.normalized(table));
          } catch (IpvsadmRuleException e) {
            throw new AssertionError(e.getMessage(), e);
          }
        });
  }
}
