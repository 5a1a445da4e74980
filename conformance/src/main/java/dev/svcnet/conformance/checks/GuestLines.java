package dev.svcnet.conformance.checks;

import java.util.Optional;

/** Reads the tagged lines a guest-side driver prints: {@code TAG SIZE TEXT}. */
final class GuestLines {

  private GuestLines() {}

  /** The rest of the first line starting with {@code tag}. */
  static Optional<String> after(String output, String tag) {
    for (String line : output.split("\\n")) {
      if (line.startsWith(tag)) {
        return Optional.of(line.substring(tag.length()).strip());
      }
    }
    return Optional.empty();
  }

  /** The leading size of {@code SIZE TEXT}. */
  static int size(String sizeAndText) {
    return Integer.parseInt(sizeAndText.substring(0, sizeAndText.indexOf(' ')));
  }

  /** The text after the leading size. */
  static String text(String sizeAndText) {
    return sizeAndText.substring(sizeAndText.indexOf(' ') + 1);
  }
}
