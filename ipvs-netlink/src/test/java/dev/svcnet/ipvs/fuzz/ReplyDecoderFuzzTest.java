package dev.svcnet.ipvs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.svcnet.ipvs.internal.IpvsCodec;
import dev.svcnet.netlink.Attributes;
import dev.svcnet.netlink.NetlinkException;
import dev.svcnet.netlink.NetlinkMessage;
import java.util.List;

/**
 * Any bytes from the kernel decode to a value or a {@link NetlinkException}: never an unchecked
 * exception or a hang. A plain test run replays the seed corpus in
 * {@code src/test/resources/dev/svcnet/ipvs/fuzz/ReplyDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class ReplyDecoderFuzzTest {

  private static final int GENL_HEADER = 4;
  private static final int CMD_ATTR_SERVICE = 1;
  private static final int CMD_ATTR_DEST = 2;

  @FuzzTest(maxDuration = "30s")
  void decodingNeverThrowsUnchecked(byte[] datagram) {
    try {
      List<NetlinkMessage> messages = NetlinkMessage.parseAll(datagram, datagram.length);
      for (NetlinkMessage message : messages) {
        Attributes top = message.attributes(GENL_HEADER);
        if (top.has(CMD_ATTR_SERVICE)) {
          IpvsCodec.service(top.nested(CMD_ATTR_SERVICE));
        }
        if (top.has(CMD_ATTR_DEST)) {
          IpvsCodec.destination(top.nested(CMD_ATTR_DEST), false);
          IpvsCodec.destination(top.nested(CMD_ATTR_DEST), true);
        }
      }
    } catch (NetlinkException expected) {
      // A malformed reply is a value the caller handles.
    }
  }
}
