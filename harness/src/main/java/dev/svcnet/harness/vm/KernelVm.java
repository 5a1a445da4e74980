package dev.svcnet.harness.vm;

import dev.svcnet.harness.vm.KernelVmException.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Boots a real Debian kernel under QEMU (TCG) and runs one command in it as root: the kernel this
 * host runs has no IPVS, the Debian one has all of it as modules. Each {@link #run} boots a fresh
 * guest (about 5-7 s) and powers it off when the command ends.
 *
 * <p>The guest sees the host's whole filesystem read-only at the same paths (JDK, ~/.m2, build
 * output, a checkout under /tmp), with a tmpfs overlay on top so it may write anywhere; /run and
 * /dev/shm are the guest's own empty tmpfs. Writes vanish with the guest
 * except those in {@code /svcnet-io}, which is {@link GuestResult#ioDir()} on the host (the
 * harness's own files there are {@code command}, {@code output} and {@code exit-code}). The
 * command runs in the host's working directory (see {@link #withWorkDir}), with environment
 * variable {@code SVCNET_IN_KERNEL_VM=1}; modules load with {@code modprobe}.
 *
 * <pre>{@code
 * GuestResult r = KernelVm.defaults().run(List.of("ipvsadm", "-L", "-n"));
 * GuestResult s = KernelVm.defaults().withTimeout(Duration.ofMinutes(2))
 *     .runShell("modprobe ip_vs && cat /proc/net/ip_vs");
 * }</pre>
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies. The kernel
 * directory defaults to system property {@code svcnet.kernel.dir}, else
 * {@code <checkout>/build/kernel/current}, which {@code scripts/prepare-kernel} is run to create
 * when it is missing. {@link #availability()} says whether this host can run guests at all.
 */
public final class KernelVm {

  /** System property naming a prepared kernel directory. */
  public static final String KERNEL_DIR_PROPERTY = "svcnet.kernel.dir";
  /** System property naming the QEMU program (default qemu-system-x86_64 on PATH). */
  public static final String QEMU_PROPERTY = "svcnet.vm.qemu";
  /** Environment variable the guest's init sets for the command (value {@code 1}). */
  public static final String GUEST_ENV = "SVCNET_IN_KERNEL_VM";
  /** Where the io directory is mounted in the guest. */
  public static final String GUEST_IO_DIR = "/svcnet-io";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int CONSOLE_TAIL_LINES = 40;
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "kernel-vm cleanup"));
  }

  private final Path kernelDir;
  private final int memoryMiB;
  private final int cpus;
  private final Duration timeout;
  private final Path ioParent;
  private final Path workDir;
  private final Map<String, String> environment;
  private final String qemu;
  private final boolean singleThreadTcg;

  private KernelVm(Path kernelDir, int memoryMiB, int cpus, Duration timeout, Path ioParent,
      Path workDir, Map<String, String> environment, String qemu, boolean singleThreadTcg) {
    if (memoryMiB < 256) {
      throw new IllegalArgumentException("a guest needs at least 256 MiB, got " + memoryMiB);
    }
    if (cpus < 1 || cpus > 64) {
      throw new IllegalArgumentException("cpus out of 1..64: " + cpus);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.kernelDir = kernelDir;
    this.memoryMiB = memoryMiB;
    this.cpus = cpus;
    this.timeout = timeout;
    this.ioParent = ioParent;
    this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
    this.environment = Map.copyOf(environment);
    this.qemu = Objects.requireNonNull(qemu, "qemu");
    this.singleThreadTcg = singleThreadTcg;
  }

  /**
   * 2 GiB, 2 CPUs emulated on one host thread (single-threaded TCG, see {@link
   * #withSingleThreadTcg}), a 5-minute timeout, the default kernel directory, io directories in
   * {@code java.io.tmpdir}, the current working directory, QEMU from system property
   * {@value #QEMU_PROPERTY} or else {@code qemu-system-x86_64} on PATH.
   */
  public static KernelVm defaults() {
    String qemu = System.getProperty(QEMU_PROPERTY);
    return new KernelVm(null, 2048, 2, Duration.ofMinutes(5), null, Path.of(""), Map.of(),
        qemu == null || qemu.isBlank() ? QemuCommand.BINARY : qemu, true);
  }

  /** A prepared kernel directory (vmlinuz, initrd.img, modules/); never prepared automatically. */
  public KernelVm withKernelDir(Path dir) {
    return new KernelVm(Objects.requireNonNull(dir, "dir").toAbsolutePath(), memoryMiB, cpus,
        timeout, ioParent, workDir, environment, qemu, singleThreadTcg);
  }

  /** Guest memory in MiB (at least 256). */
  public KernelVm withMemoryMiB(int mib) {
    return new KernelVm(kernelDir, mib, cpus, timeout, ioParent, workDir, environment,
        qemu, singleThreadTcg);
  }

  /** Guest CPUs. */
  public KernelVm withCpus(int count) {
    return new KernelVm(kernelDir, memoryMiB, count, timeout, ioParent, workDir, environment,
        qemu, singleThreadTcg);
  }

  /** How long a whole run (boot, command, power-off) may take before QEMU is killed. */
  public KernelVm withTimeout(Duration limit) {
    return new KernelVm(kernelDir, memoryMiB, cpus, limit, ioParent, workDir, environment,
        qemu, singleThreadTcg);
  }

  /** Where the per-run io directories are created (default {@code java.io.tmpdir}). */
  public KernelVm withIoParent(Path dir) {
    return new KernelVm(kernelDir, memoryMiB, cpus, timeout,
        Objects.requireNonNull(dir, "dir").toAbsolutePath(), workDir, environment,
            qemu, singleThreadTcg);
  }

  /** The directory the command starts in (a host path; the guest sees the same path). */
  public KernelVm withWorkDir(Path dir) {
    return new KernelVm(kernelDir, memoryMiB, cpus, timeout, ioParent, dir, environment,
        qemu, singleThreadTcg);
  }

  /** Adds an environment variable for the command. */
  public KernelVm withEnv(String name, String value) {
    if (!ENV_NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    ShellQuote.quote(Objects.requireNonNull(value, "value"));
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new KernelVm(kernelDir, memoryMiB, cpus, timeout, ioParent, workDir, env,
        qemu, singleThreadTcg);
  }

  /** The QEMU program to run: a name looked up on PATH, or a path (default qemu-system-x86_64). */
  public KernelVm withQemu(String program) {
    return new KernelVm(kernelDir, memoryMiB, cpus, timeout, ioParent, workDir, environment,
        program, singleThreadTcg);
  }

  /**
   * Whether QEMU emulates all guest CPUs on one host thread ({@code -accel tcg,thread=single},
   * the default) instead of one thread per CPU (multi-threaded TCG). Guest JVMs need it: under
   * multi-threaded TCG they crash (SIGILL, SIGSEGV) at the entry of compiled methods, C1's as well
   * as C2's, that another thread has just patched (see docs/benchmarks/ipvs.md; CI met it in a
   * conformance guest in C1 code).
   */
  public KernelVm withSingleThreadTcg(boolean single) {
    return new KernelVm(kernelDir, memoryMiB, cpus, timeout, ioParent, workDir, environment, qemu,
        single);
  }

  /** The configured timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether this process runs inside a guest booted by this harness. */
  public static boolean insideGuest() {
    return "1".equals(System.getenv(GUEST_ENV));
  }

  /**
   * Whether this host can boot a guest, and if not, what is missing and how to get it. Cheap: it
   * neither boots nor prepares anything.
   */
  public Availability availability() {
    List<String> missing = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      missing.add("the kernel VM needs a Linux x86-64 host (this is " + os + "/" + arch + ")");
    }
    String notRoot = notRoot();
    if (notRoot != null) {
      missing.add(notRoot);
    }
    if (Executables.find(qemu).isEmpty()) {
      missing.add(qemuMissing());
    }
    Optional<Path> dir = resolveKernelDir();
    if (dir.isEmpty()) {
      missing.add("no kernel directory: " + RepoRoot.describeMissing() + ", or set -D"
          + KERNEL_DIR_PROPERTY + "=<prepared kernel directory>");
    } else if (!KernelFiles.missingIn(dir.get()).isEmpty()) {
      if (autoPrepares()) {
        List<String> tools = new ArrayList<>();
        for (String[] tool : new String[][] {{"apt-get", "apt"}, {"dpkg-deb", "dpkg"},
            {"depmod", "kmod"}, {"busybox", "busybox-static"}, {"cpio", "cpio"}}) {
          if (Executables.find(tool[0]).isEmpty()) {
            tools.add(tool[1]);
          }
        }
        if (!tools.isEmpty()) {
          missing.add("no kernel prepared in " + dir.get() + " and scripts/prepare-kernel needs "
              + String.join(", ", tools) + ": apt-get install -y " + String.join(" ", tools));
        } else {
          notes.add("no kernel prepared in " + dir.get()
              + " yet: the first run will run scripts/prepare-kernel (downloads ~70 MB)");
        }
      } else {
        missing.add("no prepared kernel in " + dir.get() + " (missing "
            + String.join(", ", KernelFiles.missingIn(dir.get()))
            + "): run scripts/prepare-kernel or point -D" + KERNEL_DIR_PROPERTY
            + " at a prepared kernel directory");
      }
    }
    return new Availability(missing, notes);
  }

  /**
   * Boots a guest and runs {@code argv} in it (each element one literal argument).
   *
   * @throws KernelVmException when the guest could not boot or finish; a command exiting
   *     non-zero is a normal result
   */
  public GuestResult run(List<String> argv) throws KernelVmException {
    return boot("exec " + ShellQuote.command(List.copyOf(argv)) + "\n");
  }

  /**
   * Boots a guest and runs {@code script} with {@code /bin/sh} (the host's, dash on Debian) in it.
   *
   * @throws KernelVmException when the guest could not boot or finish; a script exiting non-zero
   *     is a normal result
   */
  public GuestResult runShell(String script) throws KernelVmException {
    Objects.requireNonNull(script, "script");
    if (script.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell script cannot contain NUL characters");
    }
    return boot(script.endsWith("\n") ? script : script + "\n");
  }

  /**
   * The kernel this VM boots, as its directory's manifest describes it; empty when that
   * directory holds no prepared kernel (yet).
   */
  public Optional<PreparedKernel> preparedKernel() {
    return resolveKernelDir().flatMap(dir -> {
      try {
        return Optional.of(PreparedKernel.read(dir));
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  /** The kernel files to boot, preparing the default kernel first when it is missing. */
  KernelFiles kernel() throws KernelVmException {
    Path dir = resolveKernelDir().orElseThrow(() -> new KernelVmException(Kind.KERNEL_MISSING,
        "no kernel directory: " + RepoRoot.describeMissing() + ", or set -D"
            + KERNEL_DIR_PROPERTY + "=<prepared kernel directory>"));
    if (!KernelFiles.missingIn(dir).isEmpty() && autoPrepares()) {
      KernelPreparer.prepare(RepoRoot.find().orElseThrow());
    }
    return KernelFiles.in(dir);
  }

  /** The kernel directory this VM boots from (explicit, the property, or the default). */
  Optional<Path> resolveKernelDir() {
    if (kernelDir != null) {
      return Optional.of(kernelDir);
    }
    String configured = System.getProperty(KERNEL_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath());
    }
    return RepoRoot.find().map(root -> root.resolve("build").resolve("kernel").resolve("current"));
  }

  /** Only the default location is prepared automatically: the script writes nowhere else. */
  private boolean autoPrepares() {
    String configured = System.getProperty(KERNEL_DIR_PROPERTY);
    return kernelDir == null && (configured == null || configured.isBlank())
        && RepoRoot.find().map(root -> Files.isExecutable(KernelPreparer.script(root)))
            .orElse(false);
  }

  private String qemuMissing() {
    return qemu.equals(QemuCommand.BINARY)
        ? QemuCommand.BINARY + " is not installed: apt-get install -y " + QemuCommand.PACKAGE
        : "QEMU program " + qemu + " not found (install " + QemuCommand.PACKAGE
            + " for " + QemuCommand.BINARY + ")";
  }

  private static String notRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          if (ids.length > 1 && ids[1].equals("0")) {
            return null;
          }
          return "the kernel VM must run as root (effective uid " + (ids.length > 1 ? ids[1] : "?")
              + "): the guest runs as root over the host's filesystem and writes results back"
              + " through it; run the build as root (e.g. sudo)";
        }
      }
      return "cannot tell whether this process is root: no Uid line in /proc/self/status";
    } catch (IOException e) {
      return "cannot tell whether this process is root: " + e.getMessage();
    }
  }

  private GuestResult boot(String body) throws KernelVmException {
    String notRoot = notRoot();
    if (notRoot != null) {
      throw new KernelVmException(Kind.UNSUPPORTED_HOST, notRoot);
    }
    Path qemuPath = Executables.find(qemu)
        .orElseThrow(() -> new KernelVmException(Kind.QEMU_MISSING, qemuMissing()));
    KernelFiles kernel = kernel();
    Path ioDir = createIoDir();
    writeCommand(ioDir, body);
    List<String> args = QemuCommand.build(qemuPath, kernel, ioDir, memoryMiB, cpus,
        singleThreadTcg);
    long start = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(args)
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new KernelVmException(Kind.BOOT_FAILED, "cannot start " + qemuPath + ": "
          + e.getMessage(), "", e);
    }
    RUNNING.add(process);
    ConsoleCapture console = ConsoleCapture.start(process.getInputStream(), start);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        console.awaitEnd(2000);
        throw new KernelVmException(Kind.TIMEOUT, "the guest did not finish within "
            + describe(timeout) + " (" + (console.bootNanos() < 0 ? "it never reached the command"
                : "it was running the command") + "); QEMU was killed. io directory: " + ioDir,
            console.tail(CONSOLE_TAIL_LINES), null);
      }
      console.awaitEnd(5000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new KernelVmException(Kind.BOOT_FAILED, "interrupted while the guest ran; QEMU was"
          + " killed", console.tail(CONSOLE_TAIL_LINES), e);
    } finally {
      RUNNING.remove(process);
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    return collect(ioDir, process.exitValue(), console, total);
  }

  private GuestResult collect(Path ioDir, int qemuExit, ConsoleCapture console, Duration total)
      throws KernelVmException {
    String exitText;
    try {
      exitText = Files.readString(ioDir.resolve("exit-code"), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      String initFailure = console.initFailure();
      String why = initFailure != null ? "the guest's init failed: " + initFailure
          : console.bootNanos() < 0 ? "the guest stopped before it ran the command"
              : "the guest stopped while the command ran";
      throw new KernelVmException(Kind.BOOT_FAILED, why + " (QEMU exit " + qemuExit
          + ", no exit code in " + ioDir + ")", console.tail(CONSOLE_TAIL_LINES), null);
    } catch (IOException e) {
      throw new KernelVmException(Kind.IO_FAILED, "cannot read the guest's exit code in " + ioDir
          + ": " + e.getMessage(), console.tail(CONSOLE_TAIL_LINES), e);
    }
    int exitCode;
    try {
      exitCode = Integer.parseInt(exitText);
    } catch (NumberFormatException e) {
      throw new KernelVmException(Kind.BOOT_FAILED, "the guest wrote an unreadable exit code '"
          + exitText + "'", console.tail(CONSOLE_TAIL_LINES), e);
    }
    String output;
    try {
      Path file = ioDir.resolve("output");
      output = Files.exists(file)
          ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new KernelVmException(Kind.IO_FAILED, "cannot read the command's output in " + ioDir
          + ": " + e.getMessage(), console.tail(CONSOLE_TAIL_LINES), e);
    }
    long boot = console.bootNanos();
    return new GuestResult(exitCode, console.text(), output, ioDir,
        boot < 0 ? total : Duration.ofNanos(boot), total);
  }

  private Path createIoDir() throws KernelVmException {
    Path parent = ioParent != null ? ioParent : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "svcnet-vm-");
    } catch (IOException e) {
      throw new KernelVmException(Kind.IO_FAILED, "cannot create an io directory in " + parent
          + ": " + e.getMessage(), "", e);
    }
  }

  private void writeCommand(Path ioDir, String body) throws KernelVmException {
    StringBuilder script = new StringBuilder("#!/bin/sh\n# Written by ")
        .append(KernelVm.class.getName()).append(" for one guest run.\n");
    environment.forEach((name, value) ->
        script.append("export ").append(name).append('=').append(ShellQuote.quote(value))
            .append('\n'));
    script.append("cd ").append(ShellQuote.quote(workDir.toString()))
        .append(" || exit 125\n").append(body);
    try {
      Files.writeString(ioDir.resolve("command"), script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KernelVmException(Kind.IO_FAILED, "cannot write the guest's command into "
          + ioDir + ": " + e.getMessage(), "", e);
    }
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  @Override
  public String toString() {
    return "KernelVm[kernelDir=" + resolveKernelDir().map(Path::toString).orElse("?")
        + ", memoryMiB=" + memoryMiB + ", cpus=" + cpus
        + (singleThreadTcg ? ", single-thread TCG" : "") + ", timeout=" + timeout + "]";
  }
}
