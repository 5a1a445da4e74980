package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a user names another kernel, checked before anything is fetched. */
class KernelPackageTest {

  @Test
  void aPackageAPackageAtAVersionAndAMetaPackageAreAccepted() {
    assertThat(KernelPackage.parse("linux-image-6.1.0-56-amd64").scriptArguments())
        .containsExactly("--package", "linux-image-6.1.0-56-amd64", "--keep-current");
    assertThat(KernelPackage.parse("linux-image-6.1.0-56-amd64=6.1.192-2").scriptArguments())
        .containsExactly("--package", "linux-image-6.1.0-56-amd64=6.1.192-2", "--keep-current");
    assertThat(KernelPackage.parse("linux-image-6.12-amd64").isFile()).isFalse();
  }

  @Test
  void aDebFileIsPassedByItsAbsolutePath(@TempDir Path dir) throws IOException {
    Path deb = Files.createFile(dir.resolve("linux-image-x_1_amd64.deb"));
    KernelPackage kernel = KernelPackage.parse(deb.toString());
    assertThat(kernel.isFile()).isTrue();
    assertThat(kernel.scriptArguments()).containsExactly("--deb", deb.toAbsolutePath().toString(),
        "--keep-current");
  }

  @Test
  void somethingElseIsRefusedNamingTheAcceptedForms() {
    assertThatThrownBy(() -> KernelPackage.parse("nginx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'nginx' is not a kernel package: expected"
            + " linux-image-<version>-<flavour>");
    assertThatThrownBy(() -> KernelPackage.parse("linux-image-6.1.0-56-amd64; rm -rf /"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KernelPackage.parse("linux-image-6.1.0-56-amd64=latest"))
        .hasMessage("'latest' in 'linux-image-6.1.0-56-amd64=latest' is not a Debian package"
            + " version (e.g. 6.1.192-2)");
    assertThatThrownBy(() -> KernelPackage.parse("/nonexistent/linux.deb"))
        .hasMessage("kernel package file '/nonexistent/linux.deb' does not exist");
  }

  @Test
  void aPreparedKernelIsDescribedFromItsManifest(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("manifest"), "package=linux-image-6.12.117+deb12-amd64\n"
        + "package-version=6.12.117-1~deb12u1\nversion=6.12.117+deb12-amd64\ninit-format=4\n");
    PreparedKernel kernel = PreparedKernel.read(dir);
    assertThat(kernel.version()).isEqualTo("6.12.117+deb12-amd64");
    assertThat(kernel.packageVersion()).isEqualTo(Optional.of("6.12.117-1~deb12u1"));
    assertThat(kernel.describe()).isEqualTo(
        "6.12.117+deb12-amd64 (linux-image-6.12.117+deb12-amd64 6.12.117-1~deb12u1)");
  }
}
