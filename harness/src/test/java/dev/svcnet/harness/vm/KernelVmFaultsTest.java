package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes, literal arguments, and the typed errors for a timeout or missing pieces. */
class KernelVmFaultsTest {

  @Test
  void exitCodeComesBackAndArgumentsArriveLiterally() throws Exception {
    KernelVm vm = VmAssumptions.availableVm().withTimeout(Duration.ofMinutes(2))
        .withEnv("GREETING", "it's $HOME");
    String tricky = "it's $(touch /svcnet-io/pwned) `touch /svcnet-io/pwned2`; \"|&\n* \\ end";
    GuestResult result = vm.run(List.of("sh", "-c",
        "printf '%s' \"$1\" > /svcnet-io/arg; printf '%s' \"$GREETING\" > /svcnet-io/env;"
            + " pwd > /svcnet-io/pwd; echo to-output; echo to-stderr >&2; exit 3",
        "sh", tricky));
    try {
      assertThat(result.exitCode()).as(result.console()).isEqualTo(3);
      assertThat(result.succeeded()).isFalse();
      assertThat(result.readIoFile("arg")).isEqualTo(tricky);
      assertThat(result.readIoFile("env")).isEqualTo("it's $HOME");
      assertThat(result.readIoFile("pwd").strip())
          .isEqualTo(Path.of("").toAbsolutePath().toString());
      assertThat(result.ioDir().resolve("pwned")).doesNotExist();
      assertThat(result.ioDir().resolve("pwned2")).doesNotExist();
      assertThat(result.output()).isEqualTo("to-output\nto-stderr\n");
      assertThat(result.console()).contains("to-output", "command exited with 3");
    } finally {
      result.deleteIoDir();
    }
  }

  @Test
  void aGuestThatRunsTooLongIsKilledWithATimeoutError(@TempDir Path temp) {
    // Long enough for the kernel to reach the init even on a busy host (its first console line).
    KernelVm vm = VmAssumptions.availableVm().withTimeout(Duration.ofSeconds(30))
        .withIoParent(temp);
    long start = System.nanoTime();
    KernelVmException e = catchThrowableOfType(KernelVmException.class,
        () -> vm.runShell("echo sleeping; sleep 600"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(KernelVmException.Kind.TIMEOUT);
    assertThat(e).hasMessageStartingWith("the guest did not finish within 30 s");
    assertThat(e.consoleTail()).contains("svcnet-init: kernel ");
    assertThat(e).hasMessageContaining("QEMU was killed. io directory: " + temp);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(50));
  }

  @Test
  void aMissingKernelDirectoryIsAClearError(@TempDir Path temp) {
    VmAssumptions.availableVm();
    Path missing = temp.resolve("no-kernel-here");
    KernelVm vm = KernelVm.defaults().withKernelDir(missing);

    assertThatThrownBy(() -> vm.run(List.of("true")))
        .isInstanceOfSatisfying(KernelVmException.class,
            e -> assertThat(e.kind()).isEqualTo(KernelVmException.Kind.KERNEL_MISSING))
        .hasMessage("no prepared kernel in " + missing + ": missing " + missing
            + " (no such directory); prepare one with scripts/prepare-kernel (it writes"
            + " build/kernel/current)");
    assertThat(missing).doesNotExist();
  }

  @Test
  void aKernelThatCannotBootIsABootFailureWithTheConsoleTail(@TempDir Path temp)
      throws Exception {
    KernelVm available = VmAssumptions.availableVm();
    Path kernel = Files.createDirectories(temp.resolve("kernel"));
    Files.writeString(kernel.resolve("vmlinuz"), "not a kernel image");
    Files.writeString(kernel.resolve("initrd.img"), "not an initramfs");
    Files.createDirectories(kernel.resolve("modules"));
    KernelVm vm = available.withKernelDir(kernel).withIoParent(temp)
        .withTimeout(Duration.ofSeconds(60));

    KernelVmException e = catchThrowableOfType(KernelVmException.class,
        () -> vm.run(List.of("true")));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(KernelVmException.Kind.BOOT_FAILED);
    assertThat(e).hasMessageStartingWith("the guest stopped before it ran the command (QEMU exit ");
    assertThat(e.consoleTail()).contains("qemu");
    assertThat(e.getMessage()).contains("--- end of the guest console ---");
  }

  @Test
  void anIncompleteKernelDirectoryNamesWhatIsMissing(@TempDir Path temp) throws Exception {
    Files.writeString(temp.resolve("vmlinuz"), "not really a kernel");

    assertThatThrownBy(() -> KernelFiles.in(temp))
        .isInstanceOfSatisfying(KernelVmException.class,
            e -> assertThat(e.kind()).isEqualTo(KernelVmException.Kind.KERNEL_MISSING))
        .hasMessageContaining("missing " + temp.resolve("initrd.img") + ", "
            + temp.resolve("modules") + "/");
    assertThat(KernelVm.defaults().withKernelDir(temp).availability().missing())
        .anyMatch(line -> line.startsWith("no prepared kernel in " + temp));
  }

  @Test
  void missingQemuIsNamedWithItsPackage(@TempDir Path temp) {
    KernelVm vm = KernelVm.defaults().withQemu("/nonexistent/qemu-system-x86_64");
    Availability availability = vm.availability();

    assertThat(availability.canRun()).isFalse();
    assertThat(availability.missing()).contains("QEMU program /nonexistent/qemu-system-x86_64"
        + " not found (install qemu-system-x86 for qemu-system-x86_64)");
    assertThat(availability.reason()).contains("qemu-system-x86");
    assertThat(KernelVm.defaults().withQemu("no-such-qemu-on-path").availability().missing())
        .contains("QEMU program no-such-qemu-on-path not found (install qemu-system-x86 for"
            + " qemu-system-x86_64)");

    VmAssumptions.availableVm(); // the run below also needs root to get past the root check
    assertThatThrownBy(() -> vm.withIoParent(temp).run(List.of("true")))
        .isInstanceOfSatisfying(KernelVmException.class,
            e -> assertThat(e.kind()).isEqualTo(KernelVmException.Kind.QEMU_MISSING))
        .hasMessageContaining("install qemu-system-x86");
  }
}
