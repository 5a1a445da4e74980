package dev.svcnet.harness.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A prepared kernel directory, as {@code scripts/prepare-kernel} writes it: {@code vmlinuz},
 * {@code initrd.img} and {@code modules/<version>/}. Paths are real (symlinks resolved), since the
 * guest finds the modules at the same path through the shared host root.
 *
 * @param dir the directory
 * @param vmlinuz the kernel image
 * @param initrd the initramfs with the harness's /init
 * @param modules the directory to bind on the guest's /lib/modules
 */
record KernelFiles(Path dir, Path vmlinuz, Path initrd, Path modules) {

  KernelFiles {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(vmlinuz, "vmlinuz");
    Objects.requireNonNull(initrd, "initrd");
    Objects.requireNonNull(modules, "modules");
  }

  /** What is missing in {@code dir}, empty when it is a complete kernel directory. */
  static List<String> missingIn(Path dir) {
    List<String> missing = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      missing.add(dir + " (no such directory)");
      return missing;
    }
    for (String file : List.of("vmlinuz", "initrd.img")) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        missing.add(dir.resolve(file).toString());
      }
    }
    if (!Files.isDirectory(dir.resolve("modules"))) {
      missing.add(dir.resolve("modules") + "/");
    }
    return missing;
  }

  /** The files in {@code dir}, or {@link KernelVmException.Kind#KERNEL_MISSING}. */
  static KernelFiles in(Path dir) throws KernelVmException {
    List<String> missing = missingIn(dir);
    if (!missing.isEmpty()) {
      throw new KernelVmException(KernelVmException.Kind.KERNEL_MISSING,
          "no prepared kernel in " + dir + ": missing " + String.join(", ", missing)
              + "; prepare one with scripts/prepare-kernel (it writes build/kernel/current)");
    }
    try {
      Path real = dir.toRealPath();
      Path modules = real.resolve("modules").toRealPath();
      if (!modules.toString().matches("[A-Za-z0-9._/+-]+")) {
        throw new KernelVmException(KernelVmException.Kind.KERNEL_MISSING,
            "the kernel modules path " + modules + " has characters the kernel command line"
                + " cannot carry; use a path of letters, digits and ._/+-");
      }
      return new KernelFiles(real, real.resolve("vmlinuz"), real.resolve("initrd.img"), modules);
    } catch (IOException e) {
      throw new KernelVmException(KernelVmException.Kind.KERNEL_MISSING,
          "cannot resolve the kernel directory " + dir + ": " + e.getMessage(), "", e);
    }
  }
}
