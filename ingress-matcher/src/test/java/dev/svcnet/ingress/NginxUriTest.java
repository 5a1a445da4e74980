package dev.svcnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.ingress.internal.NginxUri;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URI nginx matches locations against. */
class NginxUriTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/a/b, /a/b", "/a/b/, /a/b/", "/, /", "//a///b, /a/b", "/a/./b, /a/b", "/a/b/., /a/b/",
      "/a/c/../b, /a/b", "/a/.., /", "/%61/b, /a/b", "/a%2Fb, /a/b", "/a%zz, /a%zz",
      "/a%2, /a%2", "/.x, /.x", "/a., /a."})
  void decodesMergesSlashesAndResolvesDotSegments(String raw, String normalized) {
    assertThat(NginxUri.normalize(raw)).isEqualTo(normalized);
  }

  @ParameterizedTest
  @CsvSource({"/..", "/a/../.."})
  void aDotDotAboveTheRootIsRejected(String raw) {
    assertThat(NginxUri.normalize(raw)).isNull();
  }
}
