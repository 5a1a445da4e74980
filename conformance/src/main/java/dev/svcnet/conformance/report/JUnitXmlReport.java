package dev.svcnet.conformance.report;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.SuiteReport;
import dev.svcnet.conformance.Target;
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
 * JUnit's XML format, as CI servers read it: one file and one {@code testsuite} per target, one
 * {@code testcase} per capability; a failure carries its counterexample and reproduce command,
 * a check not run is {@code skipped} with the reason.
 */
final class JUnitXmlReport {

  private JUnitXmlReport() {}

  static String fileName(Target target) {
    return "TEST-svcnet-conformance-" + target.cliName() + ".xml";
  }

  /** Writes one file per target of the report into {@code dir}; returns them. */
  static List<Path> write(Path dir, SuiteReport report) throws IOException {
    return report.targets().stream().map(target -> {
      Path file = dir.resolve(fileName(target));
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        writeSuite(out, report, target);
      } catch (IOException | XMLStreamException e) {
        throw new ReportException("cannot write " + file + ": " + e.getMessage(), e);
      }
      return file;
    }).toList();
  }

  private static void writeSuite(Writer out, SuiteReport report, Target target)
      throws XMLStreamException {
    List<CheckResult> results = report.resultsFor(target);
    XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeCharacters("\n");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "svcnet conformance " + target.cliName());
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
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
    for (CheckResult result : results) {
      xml.writeCharacters("\n  ");
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", "svcnet.conformance." + target.cliName());
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
