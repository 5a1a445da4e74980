package dev.svcnet.netfilter;

import java.net.InetAddress;

/**
 * {@code -m recent}: one of {@code --set}, {@code --rcheck}, {@code --update}, {@code --remove}
 * (negatable), with optional {@code --seconds}, {@code --reap}, {@code --hitcount}, {@code --rttl},
 * the list {@code --name} (default {@code DEFAULT}), {@code --mask} (null: all ones) and the side.
 */
public record RecentMatch(Command command, boolean negated, Integer seconds, boolean reap,
    Integer hitcount, boolean rttl, String name, InetAddress mask, Side side) implements Match {
  public static final String DEFAULT_NAME = "DEFAULT";

  /** What the match does with the list. */
  public enum Command {
    SET("--set"), RCHECK("--rcheck"), UPDATE("--update"), REMOVE("--remove");

    private final String option;

    Command(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }
  }

  /** Which address is recorded and checked. */
  public enum Side {
    SOURCE("--rsource"), DESTINATION("--rdest");

    private final String option;

    Side(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }
  }

  public RecentMatch {
    InvalidRuleException.notNull(command, "recent");
    InvalidRuleException.notNull(side, "side");
    Text.name(name, "name", 199);
    InvalidRuleException.require(seconds == null || seconds >= 1, "seconds", "must be at least 1");
    InvalidRuleException.require(hitcount == null || hitcount >= 1, "hitcount", "must be at least 1");
    InvalidRuleException.require(!reap || seconds != null, "reap", "needs --seconds");
    InvalidRuleException.require(command == Command.RCHECK || command == Command.UPDATE
        || (seconds == null && hitcount == null && !rttl && !reap), "seconds",
        "--seconds, --hitcount, --rttl and --reap go with --rcheck or --update only");
  }

  /** {@code -m recent --set --name NAME}. */
  public static RecentMatch set(String name) {
    return new RecentMatch(Command.SET, false, null, false, null, false, name, null, Side.SOURCE);
  }

  /** {@code -m recent --rcheck --seconds S --reap --name NAME}, kube-proxy's session affinity. */
  public static RecentMatch rcheckReap(String name, int seconds) {
    return new RecentMatch(Command.RCHECK, false, seconds, true, null, false, name, null, Side.SOURCE);
  }

  @Override
  public String module() {
    return "recent";
  }
}
