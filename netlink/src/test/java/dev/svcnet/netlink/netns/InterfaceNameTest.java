package dev.svcnet.netlink.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"lo", "eth0", "veth-a", "kube-ipvs0", "abcdefghijklmno"})
  void acceptsKernelInterfaceNames(String name) {
    assertThat(InterfaceName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abcdefghijklmnop", ".", "..", "a/b", "a b", "a:b", "-n", "tab\tx", "nl\nx"})
  void rejectsNamesTheKernelOrIpWouldMisread(String name) {
    assertThatThrownBy(() -> InterfaceName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interface name");
  }
}
