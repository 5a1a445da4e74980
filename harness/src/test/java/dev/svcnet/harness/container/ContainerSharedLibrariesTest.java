package dev.svcnet.harness.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of {@code ldd} output; needs no Docker. */
class ContainerSharedLibrariesTest {

  @Test
  void parse_collectsLibrariesAndLoaderAndSkipsVdsoAndHeaders() {
    String output = """
        /usr/sbin/nft:
        \tlinux-vdso.so.1 (0x00007ffd5a1f2000)
        \tlibnftables.so.1 => /lib/x86_64-linux-gnu/libnftables.so.1 (0x00007fefc2889000)
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fefc266d000)
        \t/lib64/ld-linux-x86-64.so.2 (0x00007fefc2981000)
        /usr/bin/busybox:
        \tnot a dynamic executable
        """;

    SharedLibraries libraries = SharedLibraries.parse(output);

    assertThat(libraries.libraries()).containsExactlyInAnyOrder(
        Path.of("/lib/x86_64-linux-gnu/libnftables.so.1"),
        Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
        Path.of("/lib64/ld-linux-x86-64.so.2"));
    assertThat(libraries.missing()).isEmpty();
  }

  @Test
  void parse_reportsLibrariesNotFound() {
    String output = "\tlibX11.so.6 => not found\n"
        + "\tlibjvm.so => not found\n"
        + "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f0000000000)\n";

    SharedLibraries libraries = SharedLibraries.parse(output);

    assertThat(libraries.missing()).containsExactlyInAnyOrder("libX11.so.6", "libjvm.so");
    assertThat(libraries.libraries()).containsExactly(Path.of("/lib/x86_64-linux-gnu/libz.so.1"));
  }

  @Test
  void of_findsLibcForTheRunningJavaLauncher() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    SharedLibraries libraries = SharedLibraries.of(List.of(java.toRealPath()));

    assertThat(libraries.libraries())
        .anyMatch(path -> path.getFileName().toString().startsWith("libc.so"))
        .anyMatch(path -> path.getFileName().toString().startsWith("ld-linux"));
    assertThat(libraries.missing()).isEmpty();
  }
}
