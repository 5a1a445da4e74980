package dev.svcnet.conformance.report;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.SuiteReport;
import dev.svcnet.conformance.TargetRun;
import dev.svcnet.conformance.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit's XML format, as CI servers read it: one file and one {@code testsuite} per target (and kernel), one
 * {@code testcase} per capability; a failure carries its counterexample and reproduce command,
 * a check not run is {@code skipped} with the reason.
 */
final class JUnitXmlReport {

  private JUnitXmlReport() {}

  /** {@code TEST-svcnet-conformance-vm.xml}, {@code ...-vm-linux-image-6.12-amd64.xml}. */
  static String fileName(TargetRun run) {
    return "TEST-svcnet-conformance-" + run.label().replaceAll("[^A-Za-z0-9.+_-]+", "-")
        + ".xml";
  }

  /** Writes one file per target run (column) of the report into {@code dir}; returns them. */
  static List<Path> write(Path dir, SuiteReport report) throws IOException {
    return report.columns().stream().map(column -> {
      Path file = dir.resolve(fileName(column.run()));
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        writeSuite(out, report, column);
      } catch (IOException | XMLStreamException e) {
        throw new ReportException("cannot write " + file + ": " + e.getMessage(), e);
      }
      return file;
    }).toList();
  }

  private static void writeSuite(Writer out, SuiteReport report, SuiteReport.Column column)
      throws XMLStreamException {
    List<CheckResult> results = column.results();
    String label = column.run().label();
    XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeCharacters("\n");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "svcnet conformance " + label);
    xml.writeAttribute("tests", Integer.toString(results.size()));
    xml.writeAttribute("failures", Long.toString(count(results, Verdict.FAILED)));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", Long.toString(count(results, Verdict.NOT_RUN)));
    xml.writeAttribute("time", seconds(results.stream().mapToLong(r -> r.took().toMillis())
        .sum()));
    xml.writeAttribute("timestamp", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
        report.started().atOffset(ZoneOffset.UTC).withNano(0)));
    xml.writeCharacters("\n  ");
    xml.writeStartElement("properties");
    property(xml, "seed", Long.toString(report.settings().seed()));
    property(xml, "tries", Integer.toString(report.settings().tries()));
    property(xml, "environment", column.environment());
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
    for (CheckResult result : results) {
      xml.writeCharacters("\n  ");
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", "svcnet.conformance."
          + label.replaceAll("[^A-Za-z0-9_-]+", "_"));
      xml.writeAttribute("name", result.capability());
      xml.writeAttribute("time", seconds(result.took().toMillis()));
      if (result.verdict() == Verdict.FAILED) {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("failure");
        xml.writeAttribute("message", result.detail());
        xml.writeAttribute("type", result.counterexample() != null ? "counterexample"
            : "check error");
        xml.writeCharacters(result.failingCase().map(c -> "seed " + c.seed()
            + "\nfirst failing case (" + c.firstSize() + "): " + c.first()
            + "\nminimal counterexample (" + c.minimalSize() + "): " + c.minimal()
            + "\nproblem: " + c.problem() + "\nreproduce: " + c.reproduce())
            .orElse(result.detail()));
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
      } else if (result.verdict() == Verdict.NOT_RUN) {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", "not run: " + result.detail());
        xml.writeCharacters("\n  ");
      } else {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(result.detail());
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
      }
      xml.writeEndElement();
    }
    xml.writeCharacters("\n");
    xml.writeEndElement();
    xml.writeCharacters("\n");
    xml.writeEndDocument();
    xml.close();
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", value);
  }

  private static long count(List<CheckResult> results, Verdict verdict) {
    return results.stream().filter(r -> r.verdict() == verdict).count();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
