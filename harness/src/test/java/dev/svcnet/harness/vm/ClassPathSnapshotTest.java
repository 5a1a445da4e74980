package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest's copy of the class path: directories and SNAPSHOT jars copied, the rest kept. */
class ClassPathSnapshotTest {

  @Test
  void copiesDirectoriesAndSnapshotJarsWhereTheGuestCanSeeThem(@TempDir Path temp)
      throws Exception {
    Path classes = Files.createDirectories(temp.resolve("classes/a/b"));
    Files.writeString(classes.resolve("C.class"), "bytes");
    Path snapshotJar = Files.writeString(temp.resolve("x-0.1.0-SNAPSHOT.jar"), "jar");
    Path releaseJar = Files.writeString(temp.resolve("y-1.0.jar"), "jar");
    String original = String.join(File.pathSeparator, temp.resolve("classes").toString(),
        snapshotJar.toString(), releaseJar.toString(), temp.resolve("missing").toString());

    Path root;
    try (ClassPathSnapshot snapshot = ClassPathSnapshot.of(original)) {
      List<String> entries = List.of(snapshot.classPath().split(File.pathSeparator));
      assertThat(entries).hasSize(4);
      root = Path.of(entries.get(0)).getParent();
      assertThat(root.getParent()).isEqualTo(RepoRoot.find().orElseThrow()
          .resolve("build/kernel-vm"));
      assertThat(Path.of(entries.get(0)).resolve("a/b/C.class")).hasContent("bytes");
      assertThat(Path.of(entries.get(1))).hasFileName("x-0.1.0-SNAPSHOT.jar").hasContent("jar")
          .isNotEqualTo(snapshotJar);
      assertThat(entries.subList(2, 4)).containsExactly(releaseJar.toString(),
          temp.resolve("missing").toString());
    }
    assertThat(root).doesNotExist();
  }
}
