package dev.svcnet.harness.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local Docker image {@code svcnet/nettools}: this host's network tools, busybox and JDK
 * (see {@link NetToolsRootfs}) as a root filesystem, built {@code FROM scratch} with
 * {@code ADD rootfs.tar /} because no registry is reachable here. It is tagged with a hash of
 * its content ({@code svcnet/nettools:<hash>}), so it is built once and reused until a tool, a
 * library or the JDK changes, and also tagged {@code svcnet/nettools:latest}, which
 * {@code testcontainers.properties} names as Testcontainers' "tiny image"; a new build removes
 * earlier content tags that no container uses. The image sets
 * {@code PATH} and {@code JAVA_HOME}, and its default command sleeps.
 *
 * @param name     the content-tagged image name, for example {@code svcnet/nettools:1a2b…}
 * @param built    whether this call built it (false: it already existed and was reused)
 * @param elapsed  time spent assembling, hashing and (if needed) building
 * @param rootfs   the layout the image was made from
 */
public record NetToolsImage(String name, boolean built, Duration elapsed, NetToolsRootfs rootfs) {

  /** The repository part of every tag. */
  public static final String REPOSITORY = "svcnet/nettools";

  /** The tag Testcontainers is told to use as its tiny image. */
  public static final String LATEST = REPOSITORY + ":latest";

  private static final int HASH_CHARS = 16;
  private static final long BUILD_TIMEOUT_MINUTES = 10;

  private static NetToolsImage ensured;

  /** Validates the fields. */
  public NetToolsImage {
    Objects.requireNonNull(name, "name");
    if (!name.startsWith(REPOSITORY + ":")) {
      throw new IllegalArgumentException("not a " + REPOSITORY + " image: " + name);
    }
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(rootfs, "rootfs");
  }

  /**
   * Makes sure the image for this host's current tools exists and that {@code latest} points at
   * it; once per JVM, later calls return the first result. Call it before anything starts a
   * Testcontainers container (its startup check needs the tiny image). In tests, call
   * {@link DockerAvailability#abortIfUnavailable()} first.
   *
   * @throws IOException if a tool is missing on the host or Docker refuses the build
   */
  public static synchronized NetToolsImage ensure() throws IOException {
    if (ensured == null) {
      ensured = build(EngineClient.get());
    }
    return ensured;
  }

  private static NetToolsImage build(DockerClient docker) throws IOException {
    long start = System.nanoTime();
    NetToolsRootfs rootfs = NetToolsRootfs.fromHost();
    List<RootfsEntry> entries = rootfs.layout().entries();
    String hash = RootfsArchive.contentHash(entries);
    String name = REPOSITORY + ":" + hash.substring(0, HASH_CHARS);
    boolean built = false;
    if (!exists(docker, name)) {
      buildImage(docker, name, dockerfile(rootfs, hash), entries);
      if (!exists(docker, name)) {
        throw new IOException("docker build of " + name + " reported success but the image "
            + "does not exist");
      }
      built = true;
    }
    docker.tagImageCmd(name, REPOSITORY, "latest").withForce().exec();
    if (built) {
      removeOutdated(docker, name);
    }
    return new NetToolsImage(name, built, Duration.ofNanos(System.nanoTime() - start), rootfs);
  }

  private static String dockerfile(NetToolsRootfs rootfs, String hash) {
    return "FROM scratch\n"
        + "ADD rootfs.tar /\n"
        + "ENV PATH=" + NetToolsRootfs.PATH + " JAVA_HOME=" + rootfs.javaHome() + "\n"
        + "LABEL dev.svcnet.content-hash=" + hash + "\n"
        + "CMD [\"sleep\", \"2147483647\"]\n";
  }

  private static void buildImage(DockerClient docker, String name, String dockerfile,
      List<RootfsEntry> entries) throws IOException {
    Path rootfsTar = Files.createTempFile("svcnet-nettools-rootfs-", ".tar");
    Path context = Files.createTempFile("svcnet-nettools-context-", ".tar");
    try {
      try (OutputStream out = buffered(rootfsTar)) {
        RootfsArchive.writeTar(entries, out);
      }
      try (OutputStream out = buffered(context)) {
        RootfsArchive.writeBuildContext(dockerfile, rootfsTar, out);
      }
      Files.delete(rootfsTar);
      try (InputStream in = Files.newInputStream(context)) {
        docker.buildImageCmd()
            .withTarInputStream(in)
            .withTags(Set.of(name))
            .withPull(false)
            .withRemove(true)
            .exec(new BuildImageResultCallback())
            .awaitImageId(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      }
    } finally {
      Files.deleteIfExists(rootfsTar);
      Files.deleteIfExists(context);
    }
  }

  private static OutputStream buffered(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
  }

  /** Removes earlier content tags (about 220 MB each); images still in use stay. */
  private static void removeOutdated(DockerClient docker, String current) {
    for (Image image : docker.listImagesCmd().withImageNameFilter(REPOSITORY).exec()) {
      String[] tags = image.getRepoTags();
      for (String tag : tags == null ? new String[0] : tags) {
        if (tag.startsWith(REPOSITORY + ":") && !tag.equals(current) && !tag.equals(LATEST)) {
          try {
            docker.removeImageCmd(tag).withNoPrune(false).exec();
          } catch (ConflictException | NotFoundException e) {
            // in use by a container, or removed concurrently: leave it
          }
        }
      }
    }
  }

  private static boolean exists(DockerClient docker, String name) {
    try {
      docker.inspectImageCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
