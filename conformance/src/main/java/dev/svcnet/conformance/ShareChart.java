package dev.svcnet.conformance;

import java.util.List;
import java.util.Objects;

/**
 * Observed against expected shares, one bar pair per category (an endpoint, a destination): what
 * the reports draw as a chart.
 *
 * @param title what the chart shows
 * @param categories the bar labels
 * @param observedLabel what the observed bars are, e.g. "kernel"
 * @param observed the observed share per category (0..1)
 * @param expectedLabel what the expected bars are, e.g. "svcnet model"
 * @param expected the expected share per category (0..1)
 */
public record ShareChart(String title, List<String> categories, String observedLabel,
    List<Double> observed, String expectedLabel, List<Double> expected) implements Chart {

  public ShareChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(observedLabel, "observedLabel");
    Objects.requireNonNull(expectedLabel, "expectedLabel");
    categories = List.copyOf(categories);
    observed = List.copyOf(observed);
    expected = List.copyOf(expected);
    if (categories.isEmpty() || observed.size() != categories.size()
        || expected.size() != categories.size()) {
      throw new IllegalArgumentException("chart '" + title + "': categories, observed and"
          + " expected need the same, non-zero length");
    }
  }
}
