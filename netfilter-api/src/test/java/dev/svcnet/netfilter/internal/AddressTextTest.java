package dev.svcnet.netfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.IpFamily;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals: parsed without name resolution, printed as inet_ntop does. */
class AddressTextTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "20c0:fc84:fb9c:36bc:aa:e1:571b:0, 20c0:fc84:fb9c:36bc:aa:e1:571b:0",
    "0:0:0:0:0:0:0:0, ::",
    "::1, ::1",
    "fd00::, fd00::",
    "::ffff:1.2.3.4, ::ffff:1.2.3.4",
    "::1.2.3.4, ::1.2.3.4",
    "ffff:ffff:ffff:fe00::, ffff:ffff:ffff:fe00::"
  })
  void printsAsInetNtop(String input, String printed) {
    IpFamily family = input.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4;
    assertThat(AddressText.format(AddressText.parse(input, family, "address"))).isEqualTo(printed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.", "a.b.c.d",
      "localhost", "example.com", "1.2.3.4 ", ""})
  void refusesAnythingButADottedQuad(String text) {
    assertThatThrownBy(() -> AddressText.parse(text, IpFamily.IPV4, "address"))
        .isInstanceOf(InvalidRuleException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "1.2.3.4", "fd00::g", "ip6-localhost"})
  void neverResolvesNamesForIpv6(String text) {
    assertThatThrownBy(() -> AddressText.parse(text, IpFamily.IPV6, "address"))
        .isInstanceOf(InvalidRuleException.class);
  }
}
