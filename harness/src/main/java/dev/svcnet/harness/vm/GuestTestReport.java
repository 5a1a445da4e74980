package dev.svcnet.harness.vm;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The results {@link GuestTestRunner} writes for the host: one {@link GuestTestOutcome} per test
 * and container, stored as a properties file ({@code test.<n>.id}, {@code .status}, ...), which
 * keeps multi-line messages and stack traces intact without any extra library.
 *
 * @param outcomes in the order the tests finished
 */
public record GuestTestReport(List<GuestTestOutcome> outcomes) {

  /** The file name the runner writes in the io directory. */
  public static final String FILE_NAME = "junit-report.properties";

  /** Copies the list. */
  public GuestTestReport {
    outcomes = List.copyOf(outcomes);
  }

  /** The outcome recorded for exactly this unique id. */
  public Optional<GuestTestOutcome> find(String uniqueId) {
    return outcomes.stream().filter(o -> o.uniqueId().equals(uniqueId)).findFirst();
  }

  /**
   * The nearest recorded ancestor container of {@code uniqueId} that did not succeed (e.g. the
   * class, when its {@code @BeforeAll} failed), if any.
   */
  public Optional<GuestTestOutcome> failedAncestor(String uniqueId) {
    Map<String, GuestTestOutcome> byId = new LinkedHashMap<>();
    outcomes.forEach(o -> byId.put(o.uniqueId(), o));
    for (String id = parent(uniqueId); id != null; id = parent(id)) {
      GuestTestOutcome outcome = byId.get(id);
      if (outcome != null && outcome.status() != GuestTestOutcome.Status.SUCCESSFUL) {
        return Optional.of(outcome);
      }
    }
    return Optional.empty();
  }

  /** The parent of a unique id ({@code [a]/[b]} -> {@code [a]}), or null for a root. */
  static String parent(String uniqueId) {
    int at = uniqueId.lastIndexOf("/[");
    return at <= 0 ? null : uniqueId.substring(0, at);
  }

  /** Writes the report atomically (a temporary file moved into place). */
  public void write(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("count", Integer.toString(outcomes.size()));
    for (int i = 0; i < outcomes.size(); i++) {
      GuestTestOutcome o = outcomes.get(i);
      String prefix = "test." + i + ".";
      properties.setProperty(prefix + "id", o.uniqueId());
      properties.setProperty(prefix + "container", Boolean.toString(o.container()));
      properties.setProperty(prefix + "status", o.status().name());
      properties.setProperty(prefix + "message", o.message());
      properties.setProperty(prefix + "stackTrace", o.stackTrace());
      properties.setProperty(prefix + "output", o.output());
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      properties.store(writer, "svcnet guest JUnit results");
    }
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a report written by {@link #write}. */
  public static GuestTestReport read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    int count;
    try {
      count = Integer.parseInt(required(properties, "count", file));
    } catch (NumberFormatException e) {
      throw new IOException("bad count in " + file, e);
    }
    List<GuestTestOutcome> outcomes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String prefix = "test." + i + ".";
      GuestTestOutcome.Status status;
      try {
        status = GuestTestOutcome.Status.valueOf(required(properties, prefix + "status", file));
      } catch (IllegalArgumentException e) {
        throw new IOException("bad status for test " + i + " in " + file, e);
      }
      outcomes.add(new GuestTestOutcome(required(properties, prefix + "id", file),
          Boolean.parseBoolean(properties.getProperty(prefix + "container")), status,
          properties.getProperty(prefix + "message", ""),
          properties.getProperty(prefix + "stackTrace", ""),
          properties.getProperty(prefix + "output", "")));
    }
    return new GuestTestReport(outcomes);
  }

  private static String required(Properties properties, String key, Path file)
      throws IOException {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IOException("no " + key + " in " + file);
    }
    return value;
  }
}
