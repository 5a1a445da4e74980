package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QEMU argument list: TCG, no network, the two 9p exports, the kernel command line. */
class QemuCommandTest {

  @Test
  void bootsTheKernelUnderTcgWithTheHostRootReadOnly() {
    KernelFiles kernel = new KernelFiles(Path.of("/k"), Path.of("/k/vmlinuz"),
        Path.of("/k/initrd.img"), Path.of("/k/modules"));

    List<String> args = QemuCommand.build(Path.of("/usr/bin/qemu-system-x86_64"), kernel,
        Path.of("/tmp/io,dir"), 1024, 3);

    assertThat(args.get(0)).isEqualTo("/usr/bin/qemu-system-x86_64");
    assertThat(String.join(" ", args)).contains("-accel tcg -nographic -no-reboot -nic none",
        "-m 1024 -smp 3", "-kernel /k/vmlinuz -initrd /k/initrd.img");
    assertThat(args).containsSubsequence("-append",
        "console=ttyS0 quiet loglevel=3 panic=-1 svcnet.modules=/k/modules svcnet.io=svcnetio");
    assertThat(args).contains(
        "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
        "local,path=/tmp/io,,dir,mount_tag=svcnetio,security_model=none");
    assertThat(args).doesNotContain("-enable-kvm", "kvm", "sh", "/bin/sh");
  }

  @Test
  void singleThreadTcgEmulatesEveryGuestCpuOnOneHostThread() {
    KernelFiles kernel = new KernelFiles(Path.of("/k"), Path.of("/k/vmlinuz"),
        Path.of("/k/initrd.img"), Path.of("/k/modules"));

    List<String> args = QemuCommand.build(Path.of("/usr/bin/qemu-system-x86_64"), kernel,
        Path.of("/tmp/io"), 1024, 2, true);

    assertThat(args).containsSubsequence("-accel", "tcg,thread=single");
    assertThat(String.join(" ", args)).contains("-smp 2");
  }
}
