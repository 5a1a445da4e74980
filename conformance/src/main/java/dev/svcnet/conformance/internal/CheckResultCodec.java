package dev.svcnet.conformance.internal;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Chart;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.XyChart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A {@link CheckResult} as one line of text (Base64 of its fields), so that a check run in a
 * container's JVM can hand its result, counterexample and charts back to the suite. Decoding goes
 * through the records' constructors, so a malformed line is refused, not half-read.
 */
public final class CheckResultCodec {

  private CheckResultCodec() {}

  public static String encode(CheckResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      text(out, result.capability());
      text(out, result.target().name());
      text(out, result.verdict().name());
      text(out, result.detail());
      out.writeLong(result.took().toNanos());
      Counterexample c = result.counterexample();
      out.writeBoolean(c != null);
      if (c != null) {
        out.writeLong(c.seed());
        text(out, c.first());
        out.writeInt(c.firstSize());
        text(out, c.minimal());
        out.writeInt(c.minimalSize());
        text(out, c.problem());
        text(out, c.reproduce());
      }
      out.writeInt(result.charts().size());
      for (Chart chart : result.charts()) {
        chart(out, chart);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /**
   * The result {@link #encode} wrote.
   *
   * @throws IllegalArgumentException if {@code line} is not one
   */
  public static CheckResult decode(String line) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
        Base64.getDecoder().decode(line.strip())))) {
      String capability = text(in);
      Target target = Target.valueOf(text(in));
      Verdict verdict = Verdict.valueOf(text(in));
      String detail = text(in);
      Duration took = Duration.ofNanos(in.readLong());
      Counterexample counterexample = null;
      if (in.readBoolean()) {
        counterexample = new Counterexample(in.readLong(), text(in), in.readInt(), text(in),
            in.readInt(), text(in), text(in));
      }
      int charts = count(in);
      List<Chart> drawn = new ArrayList<>();
      for (int i = 0; i < charts; i++) {
        drawn.add(chart(in));
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes after the result");
      }
      return new CheckResult(capability, target, verdict, detail, took, counterexample, drawn);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded check result: " + e.getMessage(), e);
    }
  }

  private static final byte SHARE_CHART = 1;
  private static final byte XY_CHART = 2;

  private static void chart(DataOutputStream out, Chart chart) throws IOException {
    if (chart instanceof ShareChart share) {
      out.writeByte(SHARE_CHART);
      text(out, share.title());
      texts(out, share.categories());
      text(out, share.observedLabel());
      numbers(out, share.observed());
      text(out, share.expectedLabel());
      numbers(out, share.expected());
      return;
    }
    XyChart xy = (XyChart) chart;
    out.writeByte(XY_CHART);
    text(out, xy.title());
    text(out, xy.xAxis());
    text(out, xy.yAxis());
    out.writeInt(xy.series().size());
    for (XyChart.Series series : xy.series()) {
      text(out, series.name());
      numbers(out, series.x());
      numbers(out, series.y());
    }
  }

  private static Chart chart(DataInputStream in) throws IOException {
    byte kind = in.readByte();
    if (kind == SHARE_CHART) {
      return new ShareChart(text(in), texts(in), text(in), numbers(in), text(in), numbers(in));
    }
    if (kind != XY_CHART) {
      throw new IllegalArgumentException("unknown chart kind " + kind);
    }
    String title = text(in);
    String xAxis = text(in);
    String yAxis = text(in);
    int n = count(in);
    List<XyChart.Series> series = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      series.add(new XyChart.Series(text(in), numbers(in), numbers(in)));
    }
    return new XyChart(title, xAxis, yAxis, series);
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String text(DataInputStream in) throws IOException {
    return new String(in.readNBytes(count(in)), StandardCharsets.UTF_8);
  }

  private static void texts(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      text(out, value);
    }
  }

  private static List<String> texts(DataInputStream in) throws IOException {
    int n = count(in);
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(text(in));
    }
    return values;
  }

  private static void numbers(DataOutputStream out, List<Double> values) throws IOException {
    out.writeInt(values.size());
    for (double value : values) {
      out.writeDouble(value);
    }
  }

  private static List<Double> numbers(DataInputStream in) throws IOException {
    int n = count(in);
    List<Double> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(in.readDouble());
    }
    return values;
  }

  /** A length, checked against what is left, so a corrupt line cannot ask for gigabytes. */
  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("length " + n + " out of range");
    }
    return n;
  }
}
