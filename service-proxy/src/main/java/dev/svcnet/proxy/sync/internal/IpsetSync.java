package dev.svcnet.proxy.sync.internal;

import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.proxy.IpSetEntries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the kernel's ipsets of the given names equal to planned ones through the real {@code
 * ipset} program (argument lists, the changes as one {@code ipset restore} payload on stdin), in
 * the network namespace of the calling thread. Only the difference is written: missing sets are
 * created, sets of another type or family are destroyed and created again, missing entries are
 * added and extra ones deleted. Sets of other names are never touched.
 *
 * <p>{@code ipset restore} applies its lines one by one and stops at the first it cannot apply
 * (naming it: "Error in line N"). The lines before it are then undone, so a refused update leaves
 * the sets as they were.
 */
final class IpsetSync {

  private static final Pattern ERROR_LINE = Pattern.compile("Error in line (\\d+)");

  /** One set as {@code ipset save} printed it. */
  record KernelSet(String name, String type, String createLine, Set<String> entries) {}

  /** What one {@link #apply} changed: sets created and entries added; entries deleted and sets destroyed. */
  record Changes(int written, int deleted) {}

  /** A refused {@code ipset restore}; the sets were put back as they were. */
  static final class IpsetRestoreException extends IOException {
    private static final long serialVersionUID = 1L;

    IpsetRestoreException(String message) {
      super(message);
    }
  }

  /** The sets called {@code names} that the kernel has now, by name. */
  static Map<String, KernelSet> save(Set<String> names) throws IOException {
    CommandResult result = ExternalCommand.of("ipset", "save").run();
    if (!result.succeeded()) {
      throw new IOException(result.describe());
    }
    Map<String, String> createLines = new LinkedHashMap<>();
    Map<String, Set<String>> entries = new LinkedHashMap<>();
    for (String line : result.stdout().split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 3 && words[0].equals("create") && names.contains(words[1])) {
        createLines.put(words[1], line.trim());
        entries.put(words[1], new LinkedHashSet<>());
      } else if (words.length >= 3 && words[0].equals("add") && entries.containsKey(words[1])) {
        entries.get(words[1]).add(words[2]);
      }
    }
    Map<String, KernelSet> out = new LinkedHashMap<>();
    createLines.forEach((name, create) -> out.put(name,
        new KernelSet(name, create.split("\\s+")[2], create, entries.get(name))));
    return out;
  }

  /**
   * The {@code ipset restore} lines that make {@code current} equal to {@code wanted}: creates
   * (and destroys of sets whose type or family differ) first, then deletes, then adds.
   */
  static List<String> diff(List<IpSetEntries> wanted, Map<String, KernelSet> current) {
    List<String> creates = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    List<String> adds = new ArrayList<>();
    for (IpSetEntries set : wanted) {
      KernelSet kernel = current.get(set.name());
      Set<String> present = new LinkedHashSet<>();
      if (kernel != null && compatible(set, kernel)) {
        kernel.entries().forEach(e -> present.add(canonical(set.type(), e)));
      } else {
        if (kernel != null) {
          creates.add("destroy " + set.name());
        }
        creates.add(set.createLine());
      }
      Set<String> planned = new LinkedHashSet<>();
      for (String entry : set.entries()) {
        planned.add(canonical(set.type(), entry));
      }
      for (String entry : present) {
        if (!planned.contains(entry)) {
          deletes.add("del " + set.name() + " " + entry);
        }
      }
      for (String entry : planned) {
        if (!present.contains(entry)) {
          adds.add("add " + set.name() + " " + entry);
        }
      }
    }
    List<String> out = new ArrayList<>(creates);
    out.addAll(deletes);
    out.addAll(adds);
    return out;
  }

  /**
   * Applies {@code lines} with one {@code ipset restore}; {@code before} is what the kernel held
   * (from {@link #save}), used to undo the applied lines if a later one is refused.
   */
  static Changes apply(List<String> lines, Map<String, KernelSet> before) throws IOException {
    if (lines.isEmpty()) {
      return new Changes(0, 0);
    }
    CommandResult result = restore(lines);
    if (!result.succeeded()) {
      Matcher matcher = ERROR_LINE.matcher(result.stderr());
      String refusal = "ipset restore refused the update: " + result.stderr().trim();
      if (!matcher.find()) {
        throw new IpsetRestoreException(refusal + " (nothing to undo could be determined)");
      }
      int failed = Integer.parseInt(matcher.group(1));
      List<String> undo = undo(lines.subList(0, Math.min(failed - 1, lines.size())), before);
      if (!undo.isEmpty()) {
        CommandResult undone = restore(undo);
        if (!undone.succeeded()) {
          throw new IpsetRestoreException(refusal + "; undoing the lines before it failed too: "
              + undone.stderr().trim());
        }
      }
      throw new IpsetRestoreException(refusal + " (line " + failed + ": "
          + (failed - 1 < lines.size() ? lines.get(failed - 1) : "?") + ")");
    }
    int written = 0;
    int deleted = 0;
    for (String line : lines) {
      if (line.startsWith("create ") || line.startsWith("add ")) {
        written++;
      } else {
        deleted++;
      }
    }
    return new Changes(written, deleted);
  }

  private static CommandResult restore(List<String> lines) throws IOException {
    return ExternalCommand.of("ipset", "restore")
        .withStdin(String.join("\n", lines) + "\nCOMMIT\n").run();
  }

  /** The lines that take back {@code applied}, in reverse order. */
  static List<String> undo(List<String> applied, Map<String, KernelSet> before) {
    List<String> out = new ArrayList<>();
    for (int i = applied.size() - 1; i >= 0; i--) {
      String[] words = applied.get(i).split(" ", 3);
      switch (words[0]) {
        case "add" -> out.add("del " + words[1] + " " + words[2]);
        case "del" -> out.add("add " + words[1] + " " + words[2]);
        case "create" -> out.add("destroy " + words[1]);
        case "destroy" -> {
          KernelSet old = Objects.requireNonNull(before.get(words[1]), words[1]);
          out.add(old.createLine());
          old.entries().forEach(e -> out.add("add " + old.name() + " " + e));
        }
        default -> throw new IllegalStateException("unexpected ipset line " + applied.get(i));
      }
    }
    return out;
  }

  /** Whether the kernel's set has the planned type (and family, for hash sets). */
  private static boolean compatible(IpSetEntries set, KernelSet kernel) {
    if (!kernel.type().equals(set.type())) {
      return false;
    }
    String family = set.hashFamily();
    return family == null || List.of(kernel.createLine().split("\\s+")).contains(family);
  }

  /**
   * An entry as {@code ipset save} prints it: in a {@code hash:ip,port,net} set a network of a
   * single address is printed without its prefix length.
   */
  static String canonical(String type, String entry) {
    if (type.equals("hash:ip,port,net")) {
      if (entry.endsWith("/32") && !entry.substring(entry.lastIndexOf(',') + 1).contains(":")) {
        return entry.substring(0, entry.length() - 3);
      }
      if (entry.endsWith("/128")) {
        return entry.substring(0, entry.length() - 4);
      }
    }
    return entry;
  }
}
