package dev.svcnet.harness.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The recipe for the {@code svcnet/nettools} root filesystem, assembled from this host's own
 * binaries: iproute2's {@code ip}, iptables (legacy and nft multi-binaries, every
 * {@code iptables*}/{@code ip6tables*} name that points at them, the xtables extension
 * directory), {@code ipvsadm}, {@code nft}, a static busybox with its applets (a shell and the
 * usual utilities), the running JDK ({@code java.home}), Debian's {@code /usr/sbin/nginx} when
 * the host has it (optional: the ingress check then reports it missing inside the container
 * instead of the image failing to build), and every shared library they need.
 *
 * <p>Left out of the JDK: {@code jmods}, {@code include}, {@code man}, {@code docs},
 * {@code demo} and {@code lib/src.zip} (not needed to run Java, about 80 MB).
 *
 * @param layout       the entries of the root filesystem
 * @param javaHome     the JDK's canonical path, identical inside the image
 * @param jdkMissing   libraries some optional JDK parts want but this host lacks (for example the
 *                     X11 libraries of AWT); harmless for headless code
 */
public record NetToolsRootfs(RootfsLayout layout, Path javaHome, Set<String> jdkMissing) {

  /** The PATH to use inside the image (Docker's default). */
  public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final List<String> SEARCH_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");
  private static final List<String> PROGRAMS = List.of(
      "ip", "ipvsadm", "nft", "xtables-legacy-multi", "xtables-nft-multi");
  /** Debian's nginx, at the path the ingress check expects it inside the image too. */
  static final Path NGINX = Path.of("/usr/sbin/nginx");
  private static final Pattern IPTABLES_NAME =
      Pattern.compile("ip6?tables(-legacy|-nft)?(-save|-restore)?");
  private static final List<String> JDK_EXCLUDED =
      List.of("jmods", "include", "man", "docs", "demo", "lib/src.zip");
  private static final List<String> ROOT_LINKS = List.of("/bin", "/sbin", "/lib", "/lib64",
      "/var/run");

  /** Validates the fields. */
  public NetToolsRootfs {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(javaHome, "javaHome");
    jdkMissing = Set.copyOf(Objects.requireNonNull(jdkMissing, "jdkMissing"));
  }

  /**
   * Assembles the layout from this host.
   *
   * @throws IOException if a required program or one of its libraries is missing; the message
   *                     names the Debian package to install
   */
  public static NetToolsRootfs fromHost() throws IOException {
    RootfsLayout layout = new RootfsLayout();
    Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();

    layout.addHostTree(javaHome, path -> JDK_EXCLUDED.stream()
        .anyMatch(excluded -> path.equals(javaHome.resolve(excluded))));

    List<Path> programs = new ArrayList<>();
    for (String name : PROGRAMS) {
      programs.add(layout.addHostFile(find(name)));
    }
    for (Path iptables : iptablesNames()) {
      Path target = iptables.toRealPath();
      if (target.getFileName().toString().matches("xtables-(legacy|nft)-multi")) {
        layout.addHostFile(iptables);
      }
    }
    if (Files.isRegularFile(NGINX) && Files.isExecutable(NGINX)) {
      programs.add(layout.addHostFile(NGINX));
    }
    // java on PATH is the running JDK's launcher, whatever /usr/bin/java is on this host.
    layout.addSymlink(layout.canonicalParentPath(Path.of("/usr/bin/java")),
        javaHome.resolve("bin/java").toString());
    Path busybox = find("busybox");
    programs.add(layout.addHostFile(busybox));

    SharedLibraries toolLibraries = SharedLibraries.of(programs);
    requireNoneMissing(toolLibraries, programs.toString());
    Path xtablesDir = xtablesDirectory(toolLibraries);
    List<Path> extensions = listFiles(xtablesDir);
    for (Path extension : extensions) {
      layout.addHostFile(extension);
    }
    SharedLibraries extensionLibraries = SharedLibraries.of(extensions);
    requireNoneMissing(extensionLibraries, xtablesDir.toString());
    List<Path> jdkElves = jdkElfCandidates(javaHome);
    SharedLibraries jdkLibraries = SharedLibraries.of(jdkElves);
    Set<String> jdkMissing = new TreeSet<>(jdkLibraries.missing());
    for (Path own : jdkElves) { // e.g. libjvm.so: found by the launcher, not by ldd
      jdkMissing.remove(own.getFileName().toString());
    }

    Set<Path> libraries = new TreeSet<>(toolLibraries.libraries());
    libraries.addAll(extensionLibraries.libraries());
    libraries.addAll(jdkLibraries.libraries());
    for (Path library : libraries) {
      layout.addHostFile(library);
    }

    addBusyboxApplets(layout, busybox);
    addSystemFiles(layout);
    return new NetToolsRootfs(layout, javaHome, jdkMissing);
  }

  /** The JDK's {@code java} launcher inside the image. */
  public String javaCommand() {
    return javaHome.resolve("bin/java").toString();
  }

  private static Path find(String name) throws IOException {
    for (String dir : SEARCH_DIRS) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new NoSuchFileException(name + " not found in " + SEARCH_DIRS + "; install "
        + packageOf(name));
  }

  private static String packageOf(String name) {
    return switch (name) {
      case "ip" -> "iproute2 (apt-get install iproute2)";
      case "ipvsadm" -> "ipvsadm (apt-get install ipvsadm)";
      case "nft" -> "nftables (apt-get install nftables)";
      case "busybox" -> "busybox-static (apt-get install busybox-static)";
      default -> "iptables (apt-get install iptables)";
    };
  }

  private static Set<Path> iptablesNames() throws IOException {
    Set<Path> names = new TreeSet<>();
    for (String dir : SEARCH_DIRS) {
      Path directory = Path.of(dir);
      if (!Files.isDirectory(directory) || Files.isSymbolicLink(directory)) {
        continue;
      }
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
        for (Path entry : stream) {
          if (IPTABLES_NAME.matcher(entry.getFileName().toString()).matches()
              && Files.isRegularFile(entry)) {
            names.add(entry);
          }
        }
      }
    }
    return names;
  }

  private static Path xtablesDirectory(SharedLibraries toolLibraries) throws IOException {
    for (Path library : toolLibraries.libraries()) {
      if (library.getFileName().toString().startsWith("libxtables.so")) {
        Path candidate = library.toRealPath().getParent().resolve("xtables");
        if (Files.isDirectory(candidate)) {
          return candidate;
        }
      }
    }
    throw new NoSuchFileException("the xtables extension directory (next to libxtables.so); "
        + "install iptables (apt-get install iptables)");
  }

  private static List<Path> listFiles(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path entry : stream) {
        if (Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    }
    files.sort(null);
    return files;
  }

  private static List<Path> jdkElfCandidates(Path javaHome) throws IOException {
    List<Path> candidates = new ArrayList<>(listFiles(javaHome.resolve("bin")));
    try (var walk = Files.walk(javaHome.resolve("lib"))) {
      walk.filter(Files::isRegularFile)
          .filter(path -> {
            String name = path.getFileName().toString();
            return name.endsWith(".so") || name.equals("jexec") || name.equals("jspawnhelper");
          })
          .forEach(candidates::add);
    }
    return candidates;
  }

  private static void requireNoneMissing(SharedLibraries libraries, String what)
      throws IOException {
    if (!libraries.missing().isEmpty()) {
      throw new NoSuchFileException("shared libraries " + libraries.missing()
          + " needed by " + what + " are not installed on this host");
    }
  }

  /** Links every busybox applet that no real program in the image already provides. */
  private static void addBusyboxApplets(RootfsLayout layout, Path busybox) throws IOException {
    Path canonicalBusybox = busybox.toRealPath();
    Set<String> taken = new TreeSet<>(PROGRAMS);
    taken.add("java");
    taken.add("nginx");
    for (RootfsEntry entry : layout.entries()) {
      taken.add(entry.path().substring(entry.path().lastIndexOf('/') + 1));
    }
    for (String applet : run(List.of(canonicalBusybox.toString(), "--list-full")).split("\n")) {
      String relative = applet.strip();
      if (relative.isEmpty()) {
        continue;
      }
      String name = relative.substring(relative.lastIndexOf('/') + 1);
      if (taken.contains(name)) {
        continue;
      }
      String imagePath = layout.canonicalParentPath(Path.of("/", relative));
      if (!layout.contains(imagePath)) {
        layout.addSymlink(imagePath, canonicalBusybox.toString());
      }
    }
  }

  private static void addSystemFiles(RootfsLayout layout) throws IOException {
    for (String link : ROOT_LINKS) {
      Path path = Path.of(link);
      if (Files.isSymbolicLink(path)) {
        layout.canonicalParentPath(path.resolve("x")); // mirrors the link itself
      }
    }
    // ld.so's cache; and netbase's name tables, without which iptables refuses protocol names
    // such as "gre" and port names such as "http" that it accepts on the host.
    for (String file : List.of("/etc/ld.so.cache", "/etc/protocols", "/etc/services")) {
      Path path = Path.of(file);
      if (Files.isRegularFile(path)) {
        layout.addHostFile(path);
      }
    }
    layout.addTextFile("/etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
        0644);
    layout.addTextFile("/etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644);
    layout.addDirectory("/root", 0700);
    layout.addDirectory("/tmp", 01777);
    layout.addDirectory("/run", 0755);
    for (String dir : List.of("/proc", "/sys", "/dev", "/etc", "/var")) {
      layout.addDirectory(dir, 0755);
    }
  }

  private static String run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(command + " failed: " + output);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
    return output;
  }
}
