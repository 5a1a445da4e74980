package dev.svcnet.harness.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU argument list for one guest: TCG (KVM hangs under the nested hypervisor these
 * machines run on), serial console on stdio, no network, the host root shared read-only as 9p tag
 * {@code hostroot}, the io directory shared writable as {@code svcnetio}.
 */
final class QemuCommand {

  static final String BINARY = "qemu-system-x86_64";
  static final String PACKAGE = "qemu-system-x86";
  static final String IO_TAG = "svcnetio";

  /** qboot starts a -kernel guest about a second sooner than SeaBIOS; used when installed. */
  private static final Path QBOOT = Path.of("/usr/share/qemu/qboot.rom");

  private QemuCommand() {}

  static List<String> build(Path qemu, KernelFiles kernel, Path ioDir, int memoryMiB, int cpus) {
    return build(qemu, kernel, ioDir, memoryMiB, cpus, false);
  }

  /** With {@code singleThreadTcg}, every guest CPU is emulated on one host thread. */
  static List<String> build(Path qemu, KernelFiles kernel, Path ioDir, int memoryMiB, int cpus,
      boolean singleThreadTcg) {
    List<String> args = new ArrayList<>();
    args.add(qemu.toString());
    args.addAll(List.of("-accel", singleThreadTcg ? "tcg,thread=single" : "tcg", "-nographic", "-no-reboot", "-nic", "none",
        "-nodefaults", "-serial", "stdio"));
    if (Files.isRegularFile(QBOOT)) {
      args.addAll(List.of("-bios", QBOOT.getFileName().toString()));
    }
    args.addAll(List.of("-m", Integer.toString(memoryMiB), "-smp", Integer.toString(cpus)));
    args.addAll(List.of("-kernel", kernel.vmlinuz().toString(),
        "-initrd", kernel.initrd().toString()));
    args.addAll(List.of("-append", "console=ttyS0 quiet loglevel=3 panic=-1"
        + " svcnet.modules=" + kernel.modules() + " svcnet.io=" + IO_TAG));
    args.addAll(List.of("-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,"
        + "readonly=on,multidevs=remap"));
    args.addAll(List.of("-virtfs", "local,path=" + optionValue(ioDir) + ",mount_tag=" + IO_TAG
        + ",security_model=none"));
    args.addAll(List.of("-device", "virtio-rng-pci"));
    return args;
  }

  /** A value inside a QEMU option list: commas are doubled. */
  static String optionValue(Path path) {
    return path.toString().replace(",", ",,");
  }
}
