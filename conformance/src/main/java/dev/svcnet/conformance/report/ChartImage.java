package dev.svcnet.conformance.report;

import dev.svcnet.conformance.ShareChart;
import java.io.IOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A {@link ShareChart} drawn as a PNG bar chart with XChart (headless). */
final class ShareChartImage {

  private ShareChartImage() {}

  static byte[] png(ShareChart chart) {
    System.setProperty("java.awt.headless", "true");
    CategoryChart drawing = new CategoryChartBuilder().width(720).height(360)
        .title(chart.title()).xAxisTitle("").yAxisTitle("share").build();
    drawing.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    drawing.getStyler().setYAxisDecimalPattern("0.000");
    drawing.getStyler().setYAxisMin(0.0);
    drawing.addSeries(chart.observedLabel(), chart.categories(), chart.observed());
    drawing.addSeries(chart.expectedLabel(), chart.categories(), chart.expected());
    try {
      return BitmapEncoder.getBitmapBytes(drawing, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new ReportException("cannot draw the chart '" + chart.title() + "'", e);
    }
  }
}
