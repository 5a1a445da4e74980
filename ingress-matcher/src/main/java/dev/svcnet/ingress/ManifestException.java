package dev.svcnet.ingress;

import java.nio.file.Path;

/** A manifest file could not be read or parsed; the message names the file. */
public final class ManifestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public ManifestException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }
}
