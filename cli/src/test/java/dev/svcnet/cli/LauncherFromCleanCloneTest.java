package dev.svcnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./svcnet --version} works from a clean clone: the launcher builds on first use. */
class LauncherFromCleanCloneTest {

  @Test
  void versionFromACleanCloneBuildsAndRuns(@TempDir Path tmp) throws Exception {
    String rootProperty = System.getProperty("svcnet.repo.root");
    assumeTrue(rootProperty != null, "svcnet.repo.root is not set (run through Maven)");
    Path root = Path.of(rootProperty);
    String why = null;
    if (!Files.isDirectory(root.resolve(".git"))) {
      why = root + " is not a git checkout";
    } else if (!new ExternalCommand(List.of("git", "--version"), null, Duration.ofSeconds(10))
        .run().succeeded()) {
      why = "git is not installed (apt-get install git)";
    }
    if (why != null) {
      System.err.println("SKIPPED versionFromACleanCloneBuildsAndRuns: " + why);
    }
    assumeTrue(why == null, why);

    Path clone = tmp.resolve("svcnet");
    ExternalCommand.of("git", "clone", "--quiet", "--no-hardlinks", root.toString(),
        clone.toString()).runChecked();
    assertThat(clone.resolve("cli/target")).doesNotExist();
    try {
      CommandResult run = new ExternalCommand(
          List.of(clone.resolve("svcnet").toString(), "--version"), null, Duration.ofMinutes(8))
          .run();
      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.stdout()).startsWith("svcnet " + VersionProvider.version() + "\n");
      assertThat(run.stderr()).contains("building the command line");

      CommandResult again = ExternalCommand.of(clone.resolve("svcnet").toString(), "--version")
          .run();
      assertThat(again.stdout()).isEqualTo(run.stdout());
      assertThat(again.stderr()).as("second run reuses the jar").doesNotContain("building");
    } finally {
      deleteTree(clone);
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
