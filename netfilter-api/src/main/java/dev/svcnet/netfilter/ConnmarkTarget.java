package dev.svcnet.netfilter;

/**
 * {@code -j CONNMARK}: {@code --set-xmark VALUE/MASK} on the connection mark, or {@code
 * --save-mark}/{@code --restore-mark} with {@code --nfmask} and {@code --ctmask} (printed always).
 */
public record ConnmarkTarget(Mode mode, long value, long mask, long nfmask, long ctmask)
    implements Target {
  private static final long ALL = 0xffffffffL;

  /** What the target does. */
  public enum Mode {
    SET_XMARK, SAVE_MARK, RESTORE_MARK
  }

  public ConnmarkTarget {
    InvalidRuleException.notNull(mode, "connmark");
    Text.u32(value, "mark");
    Text.u32(mask, "mask");
    Text.u32(nfmask, "nfmask");
    Text.u32(ctmask, "ctmask");
    if (mode == Mode.SET_XMARK) {
      InvalidRuleException.require(nfmask == 0 && ctmask == 0, "nfmask", "--set-xmark takes no nfmask/ctmask");
    } else {
      InvalidRuleException.require(value == 0 && mask == 0, "mark", "save/restore take no value");
    }
  }

  public static ConnmarkTarget setXmark(long value, long mask) {
    return new ConnmarkTarget(Mode.SET_XMARK, value, mask, 0, 0);
  }

  public static ConnmarkTarget saveMark() {
    return new ConnmarkTarget(Mode.SAVE_MARK, 0, 0, ALL, ALL);
  }

  public static ConnmarkTarget restoreMark() {
    return new ConnmarkTarget(Mode.RESTORE_MARK, 0, 0, ALL, ALL);
  }
}
