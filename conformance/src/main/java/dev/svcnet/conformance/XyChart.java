package dev.svcnet.conformance;

import java.util.List;
import java.util.Objects;

/**
 * Measured values against a quantity, one line per series (e.g. sync time against the number of
 * Services, one line per backend and kind of sync).
 *
 * @param title what the chart shows
 * @param xAxis the quantity on the x axis, with its unit
 * @param yAxis the measured value on the y axis, with its unit
 * @param series the lines
 */
public record XyChart(String title, String xAxis, String yAxis, List<Series> series)
    implements Chart {

  /** One line: {@code y.get(i)} was measured at {@code x.get(i)}. */
  public record Series(String name, List<Double> x, List<Double> y) {
    public Series {
      Objects.requireNonNull(name, "name");
      x = List.copyOf(x);
      y = List.copyOf(y);
      if (x.isEmpty() || x.size() != y.size()) {
        throw new IllegalArgumentException("series '" + name + "': x and y need the same,"
            + " non-zero length");
      }
    }
  }

  public XyChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(xAxis, "xAxis");
    Objects.requireNonNull(yAxis, "yAxis");
    series = List.copyOf(series);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("chart '" + title + "' needs a series");
    }
  }
}
