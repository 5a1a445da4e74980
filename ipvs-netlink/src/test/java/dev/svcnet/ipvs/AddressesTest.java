package dev.svcnet.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ipvsadm prints addresses with glibc's inet_ntop. The expected texts below are what glibc 2.36's
 * {@code inet_ntop(AF_INET6, ...)} returned for each address (checked on the build host through
 * Python's {@code socket.inet_ntop}, a thin wrapper over it).
 */
class AddressesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "::ffff:1.2.3.4, ::ffff:1.2.3.4",      // IPv4-mapped: 5 zero words then ffff
      "::ffff:0:0, ::ffff:0.0.0.0",
      "::1.2.3.4, ::1.2.3.4",                // IPv4-compatible: exactly 6 leading zero words
      "::0.1.0.0, ::0.1.0.0",                // 7th word non-zero, 8th zero: still 6 zero words
      "::2, ::2",                            // 7 zero words: hex, not ::0.0.0.2
      "::1, ::1",
      "::, ::",
      "1:0:0:1:0:0:0:1, 1:0:0:1::1",         // the longest zero run is compressed
      "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",       // of equal runs, the first
      "0:0:0:0:0:1:0:1, ::1:0:1",
      "fe80::, fe80::",
      "1::, 1::",
      "2001:db8:0:1:0:0:0:0, 2001:db8:0:1::",
      "2001:DB8::A, 2001:db8::a",
      "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
      "1:0:3:4:5:6:7:8, 1:0:3:4:5:6:7:8",    // a single zero word is not compressed
  })
  void ipv6TextIsWhatGlibcInetNtopPrints(String input, String expected) throws Exception {
    byte[] bytes = InetAddress.getByName(input).getAddress();
    if (bytes.length == 4) { // Java folds IPv4-mapped input into an Inet4Address
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xFF;
      mapped[11] = (byte) 0xFF;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    Inet6Address address = Inet6Address.getByAddress(null, bytes, -1);
    assertThat(Addresses.text(address)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"10.0.0.1, 10.0.0.1", "255.255.255.255, 255.255.255.255"})
  void ipv4IsADottedQuad(String input, String expected) throws Exception {
    assertThat(Addresses.text(InetAddress.getByName(input))).isEqualTo(expected);
  }
}
