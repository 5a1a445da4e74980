package dev.svcnet.conformance.internal;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.checks.NamespaceCheck;

/**
 * Runs one {@link NamespaceCheck} in this process's network namespace (inside a container, see
 * {@link ContainerRun}): {@code NamespaceCheckMain CLASS SEED TRIES FAULTY}. Prints a
 * {@value #PROGRESS} line each time the check reports progress and one {@value #RESULT} line with
 * the encoded result ({@link CheckResultCodec}); exit code 0 whenever a result was printed.
 */
public final class NamespaceCheckMain {
  static final String PROGRESS = "SVCNET-PROGRESS ";
  static final String RESULT = "SVCNET-RESULT ";

  private NamespaceCheckMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: NamespaceCheckMain CHECK-CLASS SEED TRIES FAULTY");
      System.exit(2);
    }
    NamespaceCheck check = Class.forName(args[0]).asSubclass(NamespaceCheck.class)
        .getDeclaredConstructor().newInstance();
    Settings settings = new Settings(Long.parseLong(args[1]), Integer.parseInt(args[2]),
        Boolean.parseBoolean(args[3]));
    CheckResult result = check.runInThisNamespace(Target.CONTAINER, settings,
        (done, total) -> {
          System.out.println(PROGRESS + done + " " + total);
          System.out.flush();
        });
    System.out.println(RESULT + CheckResultCodec.encode(result));
    System.out.flush();
  }
}
