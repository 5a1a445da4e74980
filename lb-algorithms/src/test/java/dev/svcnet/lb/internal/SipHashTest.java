package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class SipHashTest {

  @Test
  void sipHash24MatchesThePapersTestVector() {
    // Appendix A of the SipHash paper: key 00..0f, message 00..0e -> a129ca6149be45e5.
    byte[] message = new byte[15];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i;
    }
    long k0 = 0x0706050403020100L;
    long k1 = 0x0f0e0d0c0b0a0908L;
    assertThat(SipHash.hash(k0, k1, message, 2, 4)).isEqualTo(0xa129ca6149be45e5L);
  }

  @Test
  void hsiphashOfFourBytesIsTheLow32BitsOfSipHash13OverTheLittleEndianValue() {
    qt().forAll(longs().all(), longs().all(), integers().all()).checkAssert((k0, k1, v) -> {
      byte[] le = {(byte) v.intValue(), (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
      assertThat(SipHash.hsiphash32(k0, k1, v)).isEqualTo((int) SipHash.hash(k0, k1, le, 1, 3));
    });
  }
}
