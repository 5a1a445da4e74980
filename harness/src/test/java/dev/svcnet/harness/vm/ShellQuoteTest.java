package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quoting for the guest's command script, checked against a real /bin/sh on the host. */
class ShellQuoteTest {

  @Test
  void quotesSingleQuotesByClosingAndReopening() {
    assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellQuote.quote("")).isEqualTo("''");
    assertThat(ShellQuote.command(List.of("a b", "$c"))).isEqualTo("'a b' '$c'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "two words", "it's", "$(id)", "`id`", "a;b|c&d", "*", "~",
      "\"dq\"", "back\\slash", "new\nline", "'", "''", "$HOME", "-n", "!", "tab\there"})
  void everyWordReachesTheProgramLiterally(String word) throws Exception {
    List<String> argv = List.of("printf", "%s\\0", word, "second " + word);
    List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", ShellQuote.command(argv)));
    Process process = new ProcessBuilder(shell).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).isEqualTo(word + "\0second " + word + "\0");
  }

  @Test
  void rejectsWhatNoArgumentCanHold() {
    assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> ShellQuote.command(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
