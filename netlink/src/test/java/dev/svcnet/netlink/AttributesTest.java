package dev.svcnet.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class AttributesTest {

  @Test
  void unknownAttributesAreSkippedAndTheLastOfARepeatedTypeWins() throws Exception {
    byte[] body = MessageBuilder.request(1, 0)
        .u32(1, 7).u16(300, 5).u32(1, 9).build().body();
    Attributes attributes = Attributes.parse(body, 0, body.length);
    assertThat(attributes.u32(1)).isEqualTo(9);
    assertThat(attributes.all()).extracting(Attributes.Attribute::type).containsExactly(1, 300, 1);
  }

  @Test
  void missingOrShortAttributesAreMalformedNotUnchecked() throws Exception {
    byte[] body = MessageBuilder.request(1, 0).u16(1, 7).build().body();
    Attributes attributes = Attributes.parse(body, 0, body.length);
    assertThatThrownBy(() -> attributes.u32(1)).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("attribute 1 has 2 bytes, needs 4");
    assertThatThrownBy(() -> attributes.u8(2)).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("attribute 2 is missing");
  }

  @Test
  void anAttributeLongerThanItsMessageIsMalformed() {
    byte[] body = {20, 0, 1, 0, 1, 2, 3, 4};
    assertThatThrownBy(() -> Attributes.parse(body, 0, body.length))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("claims length 20");
  }

  @Test
  void u32AttributesRoundTripForAnyValuesAndTypes() {
    Gen<List<Integer>> values = lists().of(integers().all()).ofSizeBetween(0, 30);
    qt().forAll(values).checkAssert(list -> {
      MessageBuilder builder = MessageBuilder.request(1, 0);
      for (int i = 0; i < list.size(); i++) {
        builder.u32(i + 1, list.get(i));
      }
      byte[] body = builder.build().body();
      try {
        Attributes attributes = Attributes.parse(body, 0, body.length);
        List<Integer> back = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          back.add(attributes.u32(i + 1));
        }
        assertThat(back).isEqualTo(list);
      } catch (MalformedMessageException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void anyBytesParseToAttributesOrAMalformedError() {
    Gen<List<Integer>> bytes = lists().of(integers().between(0, 255)).ofSizeBetween(0, 64);
    qt().forAll(bytes).checkAssert(list -> {
      byte[] data = new byte[list.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (int) list.get(i);
      }
      try {
        Attributes attributes = Attributes.parse(data, 0, data.length);
        for (Attributes.Attribute a : attributes.all()) {
          attributes.bytes(a.type());
          attributes.string(a.type());
          try {
            attributes.nested(a.type());
          } catch (MalformedMessageException expected) {
            // not every payload is a nest
          }
        }
      } catch (MalformedMessageException expected) {
        // a bad length is reported as a value, not thrown unchecked
      }
    });
  }
}
