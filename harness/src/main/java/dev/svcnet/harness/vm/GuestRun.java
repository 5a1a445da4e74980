package dev.svcnet.harness.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The guest run of one {@link InKernelVm} test class, as the host's tests see it: the VM was
 * unavailable (tests abort), the run broke (tests fail), or the guest reported results.
 */
sealed interface GuestRun {

  /** The VM cannot run here; every test aborts with {@code reason}. */
  record Unavailable(String reason) implements GuestRun {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The guest did not produce a report; every test fails with {@code error}. */
  record Broken(AssertionError error) implements GuestRun {
    public Broken {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The guest's JUnit run finished; {@code description} names it for messages. */
  record Reported(GuestTestReport report, String description) implements GuestRun {
    public Reported {
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(description, "description");
    }
  }

  /** Kinds of {@link KernelVmException} that mean "cannot run here" rather than "broke". */
  Set<KernelVmException.Kind> UNAVAILABLE = Set.of(KernelVmException.Kind.QEMU_MISSING,
      KernelVmException.Kind.KERNEL_MISSING, KernelVmException.Kind.PREPARE_FAILED,
      KernelVmException.Kind.UNSUPPORTED_HOST);

  /** Boots a guest and runs {@code testClass} in it with {@link GuestTestRunner}. */
  static GuestRun of(Class<?> testClass, InKernelVm config) {
    KernelVm vm = KernelVm.defaults()
        .withMemoryMiB(config.memoryMiB())
        .withCpus(config.cpus())
        .withTimeout(Duration.ofSeconds(config.timeoutSeconds()));
    Availability availability = vm.availability();
    if (!availability.canRun()) {
      return new Unavailable(availability.reason());
    }
    String report = KernelVm.GUEST_IO_DIR + "/" + GuestTestReport.FILE_NAME;
    GuestResult result;
    try (ClassPathSnapshot classPath = ClassPathSnapshot.of(testClassPath())) {
      List<String> argv = javaCommand(config, classPath.classPath());
      argv.addAll(List.of(GuestTestRunner.class.getName(), "--report", report,
          "--select-class", testClass.getName()));
      result = vm.run(argv);
    } catch (KernelVmException e) {
      if (UNAVAILABLE.contains(e.kind())) {
        return new Unavailable(e.getMessage());
      }
      return new Broken(new AssertionError("the kernel VM run of " + testClass.getName()
          + " failed: " + e.getMessage(), e));
    } catch (IOException e) {
      return new Broken(new AssertionError("cannot copy the test class path aside for the"
          + " kernel VM run of " + testClass.getName() + ": " + e.getMessage(), e));
    }
    String description = String.format(Locale.ROOT,
        "%s in the kernel VM: boot %.1f s, total %.1f s", testClass.getName(),
        result.bootTime().toMillis() / 1000.0, result.totalTime().toMillis() / 1000.0);
    Path reportFile = result.ioFile(GuestTestReport.FILE_NAME);
    if (!Files.isRegularFile(reportFile) || result.exitCode() > 1) {
      return new Broken(new AssertionError("the guest's JUnit run of " + testClass.getName()
          + " exited " + result.exitCode() + " without a report (" + description
          + ", io directory " + result.ioDir() + "); its output:\n"
          + tail(result.output(), 60)));
    }
    try {
      GuestTestReport parsed = GuestTestReport.read(reportFile);
      result.deleteIoDir();
      return new Reported(parsed, description);
    } catch (IOException e) {
      return new Broken(new AssertionError("cannot read the guest's JUnit report "
          + reportFile + ": " + e.getMessage(), e));
    }
  }

  /** Surefire's test class path, else this JVM's. */
  private static String testClassPath() {
    String classPath = System.getProperty("surefire.test.class.path");
    return classPath == null || classPath.isBlank()
        ? System.getProperty("java.class.path") : classPath;
  }

  /** {@code java} from this JVM's home, the class path, and the svcnet.* properties. */
  private static List<String> javaCommand(InKernelVm config, String classPath) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-D" + GuestTestRunner.IN_GUEST_PROPERTY + "=true");
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("svcnet.") && !name.equals(GuestTestRunner.IN_GUEST_PROPERTY))
        .sorted()
        .forEach(name -> argv.add("-D" + name + "=" + System.getProperty(name)));
    // The guest's CPU is emulated (~17x slower): the C1 compiler alone starts tests sooner.
    argv.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    argv.addAll(List.of(config.jvmArgs()));
    argv.addAll(List.of("-cp", classPath));
    return argv;
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return String.join("\n", Arrays.asList(all).subList(from, all.length));
  }
}
