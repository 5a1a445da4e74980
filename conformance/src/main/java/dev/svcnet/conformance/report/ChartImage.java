package dev.svcnet.conformance.report;

import dev.svcnet.conformance.Chart;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.XyChart;
import java.io.IOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A {@link Chart} drawn as a PNG with XChart (headless): a {@link ShareChart} as bars, an
 * {@link XyChart} as lines with markers.
 */
final class ChartImage {

  private ChartImage() {}

  static byte[] png(Chart chart) {
    System.setProperty("java.awt.headless", "true");
    org.knowm.xchart.internal.chartpart.Chart<?, ?> drawing = chart instanceof ShareChart share
        ? bars(share) : lines((XyChart) chart);
    try {
      return BitmapEncoder.getBitmapBytes(drawing, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new ReportException("cannot draw the chart '" + chart.title() + "'", e);
    }
  }

  private static CategoryChart bars(ShareChart chart) {
    CategoryChart drawing = new CategoryChartBuilder().width(720).height(360)
        .title(chart.title()).xAxisTitle("").yAxisTitle("share").build();
    drawing.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    drawing.getStyler().setYAxisDecimalPattern("0.000");
    drawing.getStyler().setYAxisMin(0.0);
    drawing.addSeries(chart.observedLabel(), chart.categories(), chart.observed());
    drawing.addSeries(chart.expectedLabel(), chart.categories(), chart.expected());
    return drawing;
  }

  private static org.knowm.xchart.XYChart lines(XyChart chart) {
    org.knowm.xchart.XYChart drawing = new XYChartBuilder().width(720).height(360)
        .title(chart.title()).xAxisTitle(chart.xAxis()).yAxisTitle(chart.yAxis()).build();
    drawing.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    drawing.getStyler().setYAxisMin(0.0);
    for (XyChart.Series series : chart.series()) {
      drawing.addSeries(series.name(), series.x(), series.y());
    }
    return drawing;
  }
}
