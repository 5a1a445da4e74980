package dev.svcnet.benchmarks.ipvs;

import dev.svcnet.harness.vm.GuestResult;
import dev.svcnet.harness.vm.KernelVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs JMH with the given arguments inside Debian's kernel under QEMU (the IPVS benchmarks need
 * IPVS), prints its output and copies {@code -rff} results back. The guest's two CPUs are
 * emulated on one host thread (single-threaded TCG): with one thread per CPU, JVMs running C2
 * crash at the entry of methods just made not entrant (docs/benchmarks/ipvs.md). JVM crash
 * reports ({@code -XX:ErrorFile=/svcnet-io/hs_err_%p.log}) land in the printed io directory:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.svcnet.benchmarks.ipvs.RunInKernelVm
 * IpvsBenchmark -rf json -rff ipvs.json}.
 */
public final class RunInKernelVm {

  private RunInKernelVm() {}

  public static void main(String[] args) throws Exception {
    String jar = System.getProperty("java.class.path");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv = new ArrayList<>(List.of(java, "-jar", jar));
    Path resultFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-rff") && i + 1 < args.length) {
        resultFile = Path.of(args[i + 1]);
        argv.add("-rff");
        argv.add(KernelVm.GUEST_IO_DIR + "/" + resultFile.getFileName());
        i++;
      } else {
        argv.add(args[i]);
      }
    }
    GuestResult result = KernelVm.defaults().withMemoryMiB(3072).withSingleThreadTcg(true)
        .withTimeout(Duration.ofMinutes(30)).run(argv);
    System.err.println("guest io directory: " + result.ioDir());
    System.out.print(result.output());
    if (resultFile != null && Files.exists(result.ioFile(resultFile.getFileName().toString()))) {
      Files.copy(result.ioFile(resultFile.getFileName().toString()), resultFile,
          StandardCopyOption.REPLACE_EXISTING);
    }
    System.exit(result.exitCode());
  }
}
