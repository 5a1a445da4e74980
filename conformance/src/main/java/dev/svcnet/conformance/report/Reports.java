package dev.svcnet.conformance.report;

import dev.svcnet.conformance.SuiteReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a run's reports into a directory: JUnit XML per target and one HTML page. */
public final class Reports {

  private Reports() {}

  /**
   * Creates {@code dir} if needed and writes {@code TEST-svcnet-conformance-TARGET.xml} for each
   * target and {@code conformance.html}; returns the files written.
   *
   * @throws ReportException naming the file that could not be written
   */
  public static List<Path> write(Path dir, SuiteReport report) {
    try {
      Files.createDirectories(dir);
      List<Path> written = new ArrayList<>(JUnitXmlReport.write(dir, report));
      Path html = dir.resolve(HtmlReport.FILE_NAME);
      Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
      written.add(html);
      return written;
    } catch (IOException e) {
      throw new ReportException("cannot write the reports into " + dir + ": " + e, e);
    }
  }
}
