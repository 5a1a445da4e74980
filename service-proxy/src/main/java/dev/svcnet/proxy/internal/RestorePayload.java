package dev.svcnet.proxy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The four buffers kube-proxy fills during a sync (filter chains, filter rules, nat chains, nat
 * rules) and the iptables-restore text they make: {@code *filter}, its chain lines, its rules,
 * {@code COMMIT}, then the same for {@code *nat}.
 */
public final class RestorePayload implements RuleSink {

  private final Buffer filterChains = new Buffer();
  private final Buffer filterRules = new Buffer();
  private final Buffer natChains = new Buffer();
  private final Buffer natRules = new Buffer();

  @Override
  public void filterChain(String chain) {
    filterChains.line().append(':').append(chain).append(" - [0:0]\n");
  }

  @Override
  public void natChain(String chain) {
    natChains.line().append(':').append(chain).append(" - [0:0]\n");
  }

  @Override
  public void filter(String... words) {
    RuleSink.join(filterRules.line(), words);
    filterRules.current.append('\n');
  }

  @Override
  public void nat(String... words) {
    RuleSink.join(natRules.line(), words);
    natRules.current.append('\n');
  }

  /**
   * The payload. The buffers are kept in chunks of text (tens of megabytes for 10,000
   * services), so they never copy themselves to grow, and the payload is made in one copy of the
   * exact size ({@link String#join} allocates the result once): the peak is about twice the
   * payload. Taking the text leaves the buffers as they were.
   */
  public String text() {
    List<String> parts = new ArrayList<>();
    parts.add("*filter\n");
    filterChains.addTo(parts);
    filterRules.addTo(parts);
    parts.add("COMMIT\n*nat\n");
    natChains.addTo(parts);
    natRules.addTo(parts);
    parts.add("COMMIT\n");
    return String.join("", parts);
  }

  /** {@code "text"}: a comment argument as kube-proxy quotes it. */
  public static String quoted(String text) {
    return '"' + text + '"';
  }

  /**
   * Text in chunks of up to 256 KB: lines go into one builder, which is turned into a chunk and
   * reused when it is nearly full, so appending never copies what is already there.
   */
  private static final class Buffer {
    private static final int FIRST = 1 << 10;
    private static final int LARGEST = 256 << 10;
    /** Room kept for one line: a longer one lets the builder grow once. */
    private static final int LINE = 1 << 10;

    private final List<String> chunks = new ArrayList<>();
    private StringBuilder current = new StringBuilder(FIRST);

    /** The builder the next line goes into. */
    StringBuilder line() {
      if (current.capacity() - current.length() < LINE) {
        if (current.capacity() < LARGEST) {
          current.ensureCapacity(Math.min(LARGEST, current.capacity() * 2));
        } else {
          chunks.add(current.toString());
          current.setLength(0);
        }
      }
      return current;
    }

    void addTo(List<String> parts) {
      parts.addAll(chunks);
      parts.add(current.toString());
    }
  }
}
