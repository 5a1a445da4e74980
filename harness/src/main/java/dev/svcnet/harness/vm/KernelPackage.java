package dev.svcnet.harness.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kernel to prepare for {@link KernelVm} other than the default one, as a user names it: a
 * Debian kernel image package ({@code linux-image-6.1.0-56-amd64}), optionally at one version
 * apt offers ({@code linux-image-6.1.0-56-amd64=6.1.192-2}), a meta package that depends on one
 * ({@code linux-image-6.12-amd64}), or the path of a kernel image package file ({@code
 * ./linux-image-....deb}). {@code scripts/prepare-kernel} fetches and prepares it with apt, from
 * the apt sources this machine has.
 *
 * @param request what the user gave, unchanged (for messages and reproduce commands)
 */
public record KernelPackage(String request) {

  private static final Pattern PACKAGE = Pattern.compile("linux-image-[A-Za-z0-9.+~-]+");
  private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9.+~:-]*");

  /**
   * Checks the form of {@code request} (and that a .deb file exists) before anything runs.
   *
   * @throws IllegalArgumentException naming what is wrong and the accepted forms
   */
  public KernelPackage {
    Objects.requireNonNull(request, "request");
    if (request.endsWith(".deb")) {
      if (!Files.isRegularFile(Path.of(request))) {
        throw new IllegalArgumentException("kernel package file '" + request + "' does not exist");
      }
    } else {
      int equals = request.indexOf('=');
      String name = equals < 0 ? request : request.substring(0, equals);
      if (!PACKAGE.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + request + "' is not a kernel package: expected"
            + " linux-image-<version>-<flavour> (e.g. linux-image-6.1.0-56-amd64), optionally"
            + " =<Debian version>, a meta package such as linux-image-6.12-amd64, or the path of"
            + " a linux-image-...deb file");
      }
      if (equals >= 0 && !VERSION.matcher(request.substring(equals + 1)).matches()) {
        throw new IllegalArgumentException("'" + request.substring(equals + 1) + "' in '"
            + request + "' is not a Debian package version (e.g. 6.1.192-2)");
      }
    }
  }

  /** Parses a user's kernel request (see the record's description). */
  public static KernelPackage parse(String request) {
    return new KernelPackage(request);
  }

  /** Whether this names a package file rather than a package apt fetches. */
  public boolean isFile() {
    return request.endsWith(".deb");
  }

  /** The arguments that make {@code scripts/prepare-kernel} prepare exactly this kernel. */
  List<String> scriptArguments() {
    return isFile()
        ? List.of("--deb", Path.of(request).toAbsolutePath().toString(), "--keep-current")
        : List.of("--package", request, "--keep-current");
  }
}
