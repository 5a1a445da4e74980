package dev.svcnet.netfilter;

/** {@code -m comment --comment TEXT}: at most 255 bytes, any text without control characters. */
public record CommentMatch(String text) implements Match {
  public static final int MAX_BYTES = 255;

  public CommentMatch {
    Text.freeText(text, "comment", MAX_BYTES);
  }

  @Override
  public String module() {
    return "comment";
  }
}
