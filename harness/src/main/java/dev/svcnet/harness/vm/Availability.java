package dev.svcnet.harness.vm;

import java.util.List;
import java.util.Objects;

/**
 * Whether {@link KernelVm} can boot a guest on this host, and if not, exactly what is missing and
 * how to get it.
 *
 * @param missing one sentence per missing piece, each naming the fix; empty when the VM can run
 * @param notes things worth knowing that do not stop it (e.g. the kernel will be prepared first)
 */
public record Availability(List<String> missing, List<String> notes) {

  /** Copies the lists. */
  public Availability {
    missing = List.copyOf(Objects.requireNonNull(missing, "missing"));
    notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
  }

  /** Whether a guest can be booted. */
  public boolean canRun() {
    return missing.isEmpty();
  }

  /** Why the VM cannot run ({@code "available"} when it can), one line. */
  public String reason() {
    return missing.isEmpty() ? "available" : String.join("; ", missing);
  }
}
