package dev.svcnet.harness.netns;

import dev.svcnet.netlink.netns.Privileges;
import org.opentest4j.TestAbortedException;

/**
 * For tests that make their own namespaces: skip (abort) the test, printing why, when this process
 * may not create them. Any other failure to create or use a namespace stays a failure.
 */
public final class NamespaceAssumptions {

  private NamespaceAssumptions() {}

  /**
   * Aborts the current test unless network namespaces can be created here.
   *
   * @param test the test's name, for the printed line
   */
  public static void assumeNamespacesAllowed(String test) {
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      String reason = "needs a network namespace: " + missing;
      System.err.println("SKIPPED " + test + ": " + reason);
      throw new TestAbortedException(reason);
    }
  }
}
