package dev.svcnet.conformance.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.checks.NamespaceCheck;
import dev.svcnet.harness.container.DockerAvailability;
import dev.svcnet.harness.container.NetToolsContainer;
import dev.svcnet.harness.container.NetToolsImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.testcontainers.containers.BindMode;

/**
 * The {@code container} target of a {@link NamespaceCheck}: a fresh container of svcnet's
 * network-tools image (its own network namespace, NET_ADMIN and NET_RAW only) with this JVM's
 * class path mounted read-only at the same paths, in which {@link NamespaceCheckMain} runs the
 * check; its {@value NamespaceCheckMain#PROGRESS} lines reach {@code progress} as they come, its
 * {@value NamespaceCheckMain#RESULT} line is the result.
 */
public final class ContainerRun {

  /** A check in a container may take as long as the slowest checks on the other targets. */
  static final Duration TIMEOUT = Duration.ofMinutes(15);

  private ContainerRun() {}

  public static CheckResult run(NamespaceCheck check, Settings settings, Progress progress) {
    DockerAvailability docker = DockerAvailability.probe();
    if (!docker.available()) {
      return CheckResult.notRun(check.capability(), Target.CONTAINER, docker.reason());
    }
    long started = System.nanoTime();
    NetToolsImage image;
    try {
      image = NetToolsImage.ensure();
    } catch (IOException | RuntimeException e) {
      return new CheckResult(check.capability(), Target.CONTAINER, Verdict.NOT_RUN,
          "cannot build svcnet's network-tools image: " + e.getMessage(), elapsed(started));
    }
    try (NetToolsContainer box = new NetToolsContainer(image)) {
      List<String> classPath = classPath();
      for (String entry : classPath) {
        box.withFileSystemBind(entry, entry, BindMode.READ_ONLY);
      }
      box.start();
      List<String> command = List.of(box.javaCommand(), "-cp",
          String.join(File.pathSeparator, classPath), NamespaceCheckMain.class.getName(),
          check.getClass().getName(), Long.toString(settings.seed()),
          Integer.toString(settings.tries()), Boolean.toString(settings.faultyModels()));
      AtomicReference<String> result = new AtomicReference<>();
      Exec exec = exec(box, command, line -> {
        if (line.startsWith(NamespaceCheckMain.PROGRESS)) {
          String[] counts = line.substring(NamespaceCheckMain.PROGRESS.length()).split(" ");
          progress.update(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
        } else if (line.startsWith(NamespaceCheckMain.RESULT)) {
          result.set(line.substring(NamespaceCheckMain.RESULT.length()));
        }
      });
      if (result.get() == null) {
        return new CheckResult(check.capability(), Target.CONTAINER, Verdict.FAILED,
            "the check gave no result in the container (exit " + exec.exitCode() + "): "
                + exec.stderr().strip(), elapsed(started));
      }
      return CheckResultCodec.decode(result.get());
    } catch (IOException | RuntimeException e) {
      return new CheckResult(check.capability(), Target.CONTAINER, Verdict.FAILED,
          "the check could not complete in the container: " + e, elapsed(started));
    }
  }

  /** This JVM's class path; under Surefire java.class.path is a manifest-only jar. */
  private static List<String> classPath() {
    String path = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty() && new File(entry).exists()) {
        entries.add(new File(entry).getAbsolutePath());
      }
    }
    return entries;
  }

  /** How a command in the container ended. */
  record Exec(long exitCode, String stderr) {}

  /** Runs {@code command} in the container, handing each stdout line to {@code lines}. */
  private static Exec exec(NetToolsContainer box, List<String> command, Consumer<String> lines)
      throws IOException {
    DockerClient docker = box.getDockerClient();
    String id = docker.execCreateCmd(box.getContainerId()).withAttachStdout(true)
        .withAttachStderr(true).withCmd(command.toArray(String[]::new)).exec().getId();
    LineSplitter stdout = new LineSplitter(lines);
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(id)
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDOUT) {
              stdout.accept(frame.getPayload());
            } else {
              synchronized (stderr) {
                stderr.writeBytes(frame.getPayload());
              }
            }
          }
        })) {
      if (!callback.awaitCompletion(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("the check did not finish in the container within "
            + TIMEOUT.toMinutes() + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the check ran in the container", e);
    }
    stdout.finish();
    Long exit = docker.inspectExecCmd(id).exec().getExitCodeLong();
    synchronized (stderr) {
      return new Exec(exit == null ? -1 : exit, stderr.toString(StandardCharsets.UTF_8));
    }
  }

  /** Cuts a byte stream into lines, whatever the frames' boundaries. */
  private static final class LineSplitter {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> lines) {
      this.lines = lines;
    }

    synchronized void accept(byte[] bytes) {
      for (byte b : bytes) {
        if (b == '\n') {
          lines.accept(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
        } else {
          pending.write(b);
        }
      }
    }

    synchronized void finish() {
      if (pending.size() > 0) {
        lines.accept(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      }
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
