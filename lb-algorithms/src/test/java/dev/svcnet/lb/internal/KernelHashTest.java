package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class KernelHashTest {

  private static InetAddress ipv4(int value) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
          (byte) (value >>> 8), (byte) value});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** The allocation-free IPv4 path relies on Inet4Address.hashCode() being the address. */
  @Test
  void anIpv4AddressFoldsToItsBigEndianValueWithoutCopyingItsBytes() {
    qt().forAll(integers().all()).checkAssert(value -> {
      InetAddress address = ipv4(value);
      assertThat(KernelHash.foldedAddress(address)).isEqualTo(value)
          .isEqualTo(KernelHash.foldedBytes(address));
    });
  }

  @Test
  void anIpv6AddressFoldsToTheXorOfItsFourWords() throws UnknownHostException {
    InetAddress address = InetAddress.getByName("2001:db8:0:1::ff00:42");
    assertThat(KernelHash.foldedAddress(address))
        .isEqualTo(0x20010db8 ^ 0x00000001 ^ 0x00000000 ^ 0xff000042);
  }
}
