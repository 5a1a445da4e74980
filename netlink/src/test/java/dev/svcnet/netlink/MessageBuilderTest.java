package dev.svcnet.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MessageBuilderTest {

  private static final int IPVS_CMD_NEW_SERVICE = 1;
  private static final int IPVS_CMD_ATTR_SERVICE = 1;

  /** ipvs.md section 2, "Worked layout": NEW_SERVICE -t 10.0.0.1:80 -s rr. */
  @Test
  void newServiceMatchesTheSpecsWorkedLayoutByteForByte() {
    NetlinkRequest request = MessageBuilder.request(0x22, Netlink.NLM_F_ACK)
        .genlHeader(IPVS_CMD_NEW_SERVICE, 1)
        .beginNested(IPVS_CMD_ATTR_SERVICE)
        .u16(1, 2)                                   // AF_INET
        .u16(2, 6)                                   // TCP
        .attribute(3, new byte[] {10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
        .u16Be(4, 80)
        .string(6, "rr")
        .attribute(7, new byte[] {0, 0, 0, 0, -1, -1, -1, -1})
        .u32(8, 0)
        .u32Be(9, 0xFFFFFFFF)
        .endNested()
        .build();

    assertThat(request.length()).isEqualTo(104);
    assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    String expected = "01010000" + "54000100"
        + "0600010002000000" + "0600020006000000"
        + "14000300" + "0a000001" + "000000000000000000000000"
        + "0600040000500000" + "0700060072720000"
        + "0c000700" + "00000000ffffffff"
        + "0800080000000000" + "08000900ffffffff";
    assertThat(HexFormat.of().formatHex(request.body())).isEqualTo(expected);
  }

  @Test
  void nestedAttributesRoundTripThroughTheParser() throws Exception {
    NetlinkRequest request = MessageBuilder.request(20, 0)
        .genlHeader(5, 1)
        .beginNested(2)
        .u32(1, 0xDEADBEEF)
        .beginNested(3)
        .u64(4, Long.MIN_VALUE + 7)
        .endNested()
        .string(5, "wlc")
        .endNested()
        .flag(9)
        .build();
    byte[] body = request.body();
    Attributes top = Attributes.parse(body, 4, body.length - 4);
    assertThat(top.has(9)).isTrue();
    Attributes outer = top.nested(2);
    assertThat(outer.u32(1)).isEqualTo(0xDEADBEEF);
    assertThat(outer.nested(3).u64(4)).isEqualTo(Long.MIN_VALUE + 7);
    assertThat(outer.string(5)).isEqualTo("wlc");
  }

  @Test
  void unbalancedNestingIsRefused() {
    assertThatThrownBy(() -> MessageBuilder.request(1, 0).beginNested(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("left open");
    assertThatThrownBy(() -> MessageBuilder.request(1, 0).endNested())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stringsWithNulAndOversizedAttributesAreRefusedBeforeSending() {
    assertThatThrownBy(() -> MessageBuilder.request(1, 0).string(6, "r\0r"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    assertThatThrownBy(() -> MessageBuilder.request(1, 0).attribute(1, new byte[70_000]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    assertThatThrownBy(() -> MessageBuilder.request(1, 0).u8(0x4000, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute type");
  }
}
