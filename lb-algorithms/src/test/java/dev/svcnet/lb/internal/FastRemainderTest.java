package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.lb.IpvsServiceConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastRemainderTest {

  @Test
  void equalsTheUnsignedRemainderForEveryKernelMhTableSize() {
    SplittableRandom random = new SplittableRandom(20261126);
    int sizes = 0;
    for (int size = 2; size <= 131071; size++) {
      if (IpvsServiceConfig.mhTableIndex(size) < 0) {
        continue;
      }
      sizes++;
      FastRemainder remainder = new FastRemainder(size);
      for (int x : new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, size, size - 1, -size}) {
        assertThat(remainder.of(x)).as("%d mod %d", Integer.toUnsignedLong(x), size)
            .isEqualTo((int) (Integer.toUnsignedLong(x) % size));
      }
      for (int i = 0; i < 200_000; i++) {
        int x = random.nextInt();
        assertThat(remainder.of(x)).isEqualTo((int) (Integer.toUnsignedLong(x) % size));
      }
    }
    assertThat(sizes).isGreaterThan(5);
  }

  @Test
  void equalsTheUnsignedRemainderForOtherDivisors() {
    SplittableRandom random = new SplittableRandom(7);
    for (int d : new int[] {1, 2, 3, 7, 65537, 1_000_003, Integer.MAX_VALUE}) {
      FastRemainder remainder = new FastRemainder(d);
      for (int i = 0; i < 100_000; i++) {
        int x = random.nextInt();
        assertThat(remainder.of(x)).isEqualTo((int) (Integer.toUnsignedLong(x) % d));
      }
    }
  }
}
