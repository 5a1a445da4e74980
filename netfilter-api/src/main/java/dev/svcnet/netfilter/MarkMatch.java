package dev.svcnet.netfilter;

/** {@code -m mark [!] --mark VALUE[/MASK]}; a mask of all ones is printed without {@code /MASK}. */
public record MarkMatch(long value, long mask, boolean negated) implements Match {

  public MarkMatch {
    Text.u32(value, "mark");
    Text.u32(mask, "mask");
  }

  public static MarkMatch of(long value, long mask) {
    return new MarkMatch(value, mask, false);
  }

  @Override
  public String module() {
    return "mark";
  }
}
