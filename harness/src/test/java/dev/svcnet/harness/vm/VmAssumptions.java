package dev.svcnet.harness.vm;

import org.opentest4j.TestAbortedException;

/** Aborts (never passes) a test that needs a guest when this host cannot boot one. */
final class VmAssumptions {

  private VmAssumptions() {}

  static KernelVm availableVm() {
    KernelVm vm = KernelVm.defaults();
    Availability availability = vm.availability();
    if (!availability.canRun()) {
      String reason = "kernel VM unavailable: " + availability.reason();
      System.err.println("SKIPPED: " + reason);
      throw new TestAbortedException(reason);
    }
    return vm;
  }
}
