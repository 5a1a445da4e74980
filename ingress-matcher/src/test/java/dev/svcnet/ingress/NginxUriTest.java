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
      "/a/c/../b, /a/b", "/a/.., /", "/%61/b, /a/b", "/a%2Fb, /a/b", "/.x, /.x",
      "/a., /a."})
  void decodesMergesSlashesAndResolvesDotSegments(String raw, String normalized) {
    assertThat(NginxUri.normalize(raw)).isEqualTo(normalized);
  }

  /** What Debian's nginx answered 400 for (checked by hand, and by NginxDifferentialTest). */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"/.., '..' above the root", "/a/../.., '..' above the root",
      "/a%zz, '%' not followed by two hex digits", "/a%2, '%' not followed by two hex digits",
      "/a/%, '%' not followed by two hex digits", "/a%00b, %00 in the path"})
  void nginxRejectsTheseWith400(String raw, String reason) {
    assertThat(NginxUri.normalize(raw)).isNull();
    assertThat(NginxUri.badRequestReason(raw)).isEqualTo(reason);
  }
}
