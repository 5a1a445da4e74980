package dev.svcnet.conformance;

import dev.svcnet.harness.vm.KernelPackage;
import java.util.Objects;
import java.util.Optional;

/**
 * One column of a run: a target and, on {@code vm}, the kernel package it boots instead of the
 * default kernel ({@code --kernel}); several vm columns compare kernels in one run.
 */
public record TargetRun(Target target, Optional<KernelPackage> kernel) {

  public TargetRun {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kernel, "kernel");
    if (kernel.isPresent() && target != Target.VM) {
      throw new IllegalArgumentException("a kernel can only be named for the vm target, not "
          + target.cliName());
    }
  }

  /** The target with its default kernel. */
  public static TargetRun of(Target target) {
    return new TargetRun(target, Optional.empty());
  }

  /** The vm target booting {@code kernel}. */
  public static TargetRun vm(KernelPackage kernel) {
    return new TargetRun(Target.VM, Optional.of(kernel));
  }

  /** {@code netns}, {@code vm}, or {@code vm linux-image-6.12-amd64}: the column's heading. */
  public String label() {
    return target.cliName() + kernel.map(k -> " " + k.request()).orElse("");
  }
}
