package dev.svcnet.conformance;

import dev.svcnet.harness.vm.KernelVm;
import dev.svcnet.harness.vm.PreparedKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a target's checks ran on, in words, for the reports: above all the kernel's version. */
final class TargetEnvironment {

  private TargetEnvironment() {}

  static String describe(TargetRun run, Optional<PreparedKernel> namedKernel) {
    String local = localKernel();
    return switch (run.target()) {
      case NETNS -> "this machine's kernel " + local;
      case CONTAINER -> "this machine's kernel " + local + ", shared by the container";
      case CLUSTER -> "this node's kernel " + local;
      case VM -> namedKernel.or(() -> KernelVm.defaults().preparedKernel())
          .map(k -> "kernel " + k.describe() + " under QEMU")
          .orElse("Debian's default kernel under QEMU (not prepared)");
    };
  }

  private static String localKernel() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (IOException e) {
      return System.getProperty("os.version", "(unknown)");
    }
  }
}
