package dev.svcnet.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ipvsadm reads addresses with glibc's inet_aton and inet_pton. The expected bytes (or ERR for a
 * refusal) are what glibc 2.36 returned for each input on the build host, through Python's
 * {@code socket.inet_aton} and {@code socket.inet_pton}, thin wrappers over them.
 */
class CParseTest {

  @ParameterizedTest(name = "inet_aton({0}) = {1}")
  @CsvSource({
      "10.1, 0a000001",
      "10.0.0.1, 0a000001",
      "0x0a000001, 0a000001",
      "012.0.0.1, 0a000001",
      "1.2.3, 01020003",
      "255.255.255.255, ffffffff",
      "4294967295, ffffffff",
      "1.2.3.256, ERR",
      "1..2, ERR",
      "08.0.0.1, ERR",
      "4294967296, ERR",
      "0x, ERR",
  })
  void inetAton(String input, String expected) {
    assertThat(hex(CParse.inetAton(input))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "inet_pton6({0}) = {1}")
  @CsvSource({
      "::, 00000000000000000000000000000000",
      "::1, 00000000000000000000000000000001",
      "1::, 00010000000000000000000000000000",
      "1:2:3:4:5:6:7:8, 00010002000300040005000600070008",
      "::ffff:1.2.3.4, 00000000000000000000ffff01020304",
      "1:2:3:4:5:6:1.2.3.4, 00010002000300040005000601020304",
      "1:2:3:4:5:6:7::, 00010002000300040005000600070000",
      "::1:2:3:4:5:6:7, 00000001000200030004000500060007",
      "1:2:3:4:5:6:7:8:9, ERR",
      "1::2::3, ERR",
      ":1, ERR",
      "1:, ERR",
      "::01.2.3.4, ERR",
      "12345::, ERR",
      "fe80::1%eth0, ERR",
      "1.2.3.4, ERR",
      "::1.2.3, ERR",
      "1:2:3:4:5:6:7:8::, ERR",
  })
  void inetPton6(String input, String expected) {
    assertThat(hex(CParse.inetPton6(input))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "string_to_number({0}, 0, 65535) = {1}")
  @CsvSource({"80, 80", "+80, 80", "-0, 0", "65535, 65535", "65536, ERR", "8o, ERR", "'', ERR",
      "-1, ERR"})
  void wholeNumbersAsStrtolOverTheWholeToken(String input, String expected) {
    var number = CParse.wholeNumber(input, 0, 65535);
    assertThat(number.isPresent() ? Long.toString(number.getAsLong()) : "ERR")
        .isEqualTo(expected);
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "ERR" : HexFormat.of().formatHex(bytes);
  }
}
