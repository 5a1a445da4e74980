package dev.svcnet.conformance.report;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Chart;
import dev.svcnet.conformance.SuiteReport;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One self-contained HTML page: the verdict of every capability on every target, each
 * counterexample with the command that reproduces it, and the charts as embedded PNGs.
 */
final class HtmlReport {

  static final String FILE_NAME = "conformance.html";

  private HtmlReport() {}

  static String render(SuiteReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>svcnet conformance report</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:75em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;")
        .append("text-align:left;vertical-align:top}.passed{background:#d7f5d7}")
        .append(".failed{background:#f8d0d0}.not-run{background:#eee;color:#555}")
        .append("pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}\n</style></head>\n")
        .append("<body>\n<h1>svcnet conformance report</h1>\n");
    html.append("<p id=\"summary\">Seed ").append(report.settings().seed()).append(", tries ")
        .append(report.settings().tries()).append(", targets ")
        .append(escape(String.join(", ", report.columns().stream()
            .map(c -> c.run().label()).toList())))
        .append(": ").append(report.count(Verdict.PASSED)).append(" passed, ")
        .append(report.count(Verdict.FAILED)).append(" failed, ")
        .append(report.count(Verdict.NOT_RUN)).append(" not run (")
        .append(String.format(Locale.ROOT, "%.1f s", report.took().toMillis() / 1000.0))
        .append(", started ").append(report.started()).append(").</p>\n");
    appendMatrix(html, report);
    appendFailures(html, report);
    appendCharts(html, report);
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void appendMatrix(StringBuilder html, SuiteReport report) {
    Set<String> capabilities = new LinkedHashSet<>();
    report.results().forEach(r -> capabilities.add(r.capability()));
    html.append("<h2>Capabilities by target</h2>\n<table id=\"verdicts\"><tr><th>capability</th>");
    for (SuiteReport.Column column : report.columns()) {
      html.append("<th>").append(escape(column.run().label()));
      if (!column.environment().isEmpty()) {
        html.append("<br><small class=\"environment\">").append(escape(column.environment()))
            .append("</small>");
      }
      html.append("</th>");
    }
    html.append("</tr>\n");
    for (String capability : capabilities) {
      html.append("<tr><td>").append(escape(capability)).append("</td>");
      for (SuiteReport.Column column : report.columns()) {
        Optional<CheckResult> found = column.results().stream()
            .filter(r -> r.capability().equals(capability)).findFirst();
        if (found.isEmpty()) {
          html.append("<td class=\"not-run\">does not apply</td>");
          continue;
        }
        CheckResult result = found.get();
        switch (result.verdict()) {
          case PASSED -> html.append("<td class=\"passed\">passed<br><small>")
              .append(escape(result.detail())).append("</small></td>");
          case FAILED -> html.append("<td class=\"failed\">failed<br><small>")
              .append(escape(result.detail())).append("</small></td>");
          case NOT_RUN -> html.append("<td class=\"not-run\">not run: ")
              .append(escape(result.detail())).append("</td>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static void appendFailures(StringBuilder html, SuiteReport report) {
    if (report.count(Verdict.FAILED) == 0) {
      return;
    }
    html.append("<h2>Counterexamples</h2>\n");
    for (SuiteReport.Column column : report.columns()) {
      for (CheckResult result : column.results()) {
        if (result.verdict() == Verdict.FAILED) {
          appendFailure(html, column, result);
        }
      }
    }
  }

  private static void appendFailure(StringBuilder html, SuiteReport.Column column,
      CheckResult result) {
    html.append("<section class=\"counterexample\"><h3>").append(escape(result.capability()))
        .append(" on ").append(escape(column.run().label())).append("</h3>\n");
    if (result.counterexample() == null) {
      html.append("<pre>").append(escape(result.detail())).append("</pre></section>\n");
      return;
    }
    Counterexample c = result.counterexample();
    html.append("<p>Seed ").append(c.seed()).append(". First failing case (size ")
        .append(c.firstSize()).append("):</p><pre>").append(escape(c.first()))
        .append("</pre>\n<p>Minimal counterexample after shrinking (size ")
        .append(c.minimalSize()).append("):</p><pre>").append(escape(c.minimal()))
        .append("</pre>\n<p>Problem:</p><pre>").append(escape(c.problem()))
        .append("</pre>\n<p>Reproduce with:</p><pre class=\"reproduce\">")
        .append(escape(c.reproduce())).append("</pre></section>\n");
  }

  private static void appendCharts(StringBuilder html, SuiteReport report) {
    if (report.results().stream().allMatch(r -> r.charts().isEmpty())) {
      return;
    }
    html.append("<h2>Charts</h2>\n");
    for (SuiteReport.Column column : report.columns()) {
      for (CheckResult result : column.results()) {
        if (!result.charts().isEmpty()) {
          appendCharts(html, column, result);
        }
      }
    }
  }

  private static void appendCharts(StringBuilder html, SuiteReport.Column column,
      CheckResult result) {
    html.append("<h3>").append(escape(result.capability())).append(" on ")
        .append(escape(column.run().label())).append("</h3>\n");
    for (Chart chart : result.charts()) {
      html.append("<figure><img alt=\"").append(escape(chart.title()))
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(ChartImage.png(chart)))
          .append("\"><figcaption>").append(escape(chart.title()))
          .append("</figcaption></figure>\n");
    }
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
