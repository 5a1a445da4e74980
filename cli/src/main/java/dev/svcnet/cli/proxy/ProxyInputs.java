package dev.svcnet.cli.proxy;

import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.KubernetesObjects;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reading the shared inputs of the service-proxy commands, with usage errors that name them. */
public final class ProxyInputs {

  private ProxyInputs() {}

  /** The objects in {@code files}; a missing file is a usage error. */
  public static ClusterState read(CommandSpec spec, List<Path> files) throws IOException {
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "FILE: no such file: " + file);
      }
    }
    return KubernetesObjects.fromFiles(files);
  }

  public static List<InetAddress> addresses(CommandSpec spec, String option, List<String> texts) {
    List<InetAddress> out = new ArrayList<>();
    for (String text : texts) {
      try {
        out.add(Ips.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
      }
    }
    return out;
  }

  public static List<Cidr> cidrs(CommandSpec spec, String option, List<String> texts) {
    List<Cidr> out = new ArrayList<>();
    for (String text : texts) {
      try {
        out.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
      }
    }
    return out;
  }
}
