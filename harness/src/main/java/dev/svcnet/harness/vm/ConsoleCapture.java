package dev.svcnet.harness.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Collects a guest's serial console from QEMU's stdout on its own thread: keeps the last
 * {@link #LIMIT} characters, turns {@code \r\n} into {@code \n}, and notes when the guest's init
 * announced the command (the end of the boot).
 */
final class ConsoleCapture {

  /** The init's line just before it runs the command. */
  static final String COMMAND_MARKER = "svcnet-init: running /svcnet-io/command";
  static final String FAILURE_MARKER = "svcnet-init: FAILED: ";

  private static final int LIMIT = 16 * 1024 * 1024;

  private final StringBuilder text = new StringBuilder();
  private final long startNanos;
  private final Thread thread;
  private long markerNanos = -1;
  private boolean truncated;

  private ConsoleCapture(InputStream in, long startNanos) {
    this.startNanos = startNanos;
    this.thread = new Thread(() -> pump(in), "kernel-vm console");
    this.thread.setDaemon(true);
  }

  static ConsoleCapture start(InputStream in, long startNanos) {
    ConsoleCapture capture = new ConsoleCapture(in, startNanos);
    capture.thread.start();
    return capture;
  }

  private void pump(InputStream in) {
    char[] buffer = new char[8192];
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      for (int n; (n = reader.read(buffer)) >= 0; ) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // QEMU is gone; what was read so far is the console.
    }
  }

  private synchronized void append(char[] buffer, int n) {
    int searchFrom = Math.max(0, text.length() - COMMAND_MARKER.length());
    for (int i = 0; i < n; i++) {
      if (buffer[i] != '\r') {
        text.append(buffer[i]);
      }
    }
    if (markerNanos < 0 && text.indexOf(COMMAND_MARKER, searchFrom) >= 0) {
      markerNanos = System.nanoTime();
    }
    if (text.length() > LIMIT) {
      text.delete(0, text.length() - LIMIT);
      truncated = true;
    }
  }

  /** Waits for QEMU's stdout to close (after QEMU exited), at most {@code millis}. */
  void awaitEnd(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** Nanoseconds from start until the init announced the command, or -1 if it did not. */
  synchronized long bootNanos() {
    return markerNanos < 0 ? -1 : markerNanos - startNanos;
  }

  /** Everything kept so far (the start is cut off beyond 16 MiB). */
  synchronized String text() {
    return truncated ? "[... console start cut off ...]\n" + text : text.toString();
  }

  /** The init's own failure line ("mounting the host root ..."), or null. */
  synchronized String initFailure() {
    int at = text.lastIndexOf(FAILURE_MARKER);
    if (at < 0) {
      return null;
    }
    int end = text.indexOf("\n", at);
    return text.substring(at + FAILURE_MARKER.length(), end < 0 ? text.length() : end).strip();
  }

  /** The last {@code lines} lines. */
  synchronized String tail(int lines) {
    int i = text.length() - 1;
    if (i >= 0 && text.charAt(i) == '\n') {
      i--;
    }
    for (int count = 0; i >= 0; i--) {
      if (text.charAt(i) == '\n' && ++count == lines) {
        break;
      }
    }
    return text.substring(i + 1);
  }
}
