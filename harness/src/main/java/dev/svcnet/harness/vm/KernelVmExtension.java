package dev.svcnet.harness.vm;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link InKernelVm}: on the host it boots one guest per test class, runs
 * the class there, and has each host test report the guest's verdict; in the guest it does
 * nothing.
 */
public final class KernelVmExtension implements BeforeAllCallback, InvocationInterceptor {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KernelVmExtension.class);

  /** Whether this JVM is the guest's test JVM (or any process in a harness guest). */
  static boolean inGuest() {
    return KernelVm.insideGuest() || Boolean.getBoolean(GuestTestRunner.IN_GUEST_PROPERTY);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (inGuest()) {
      return;
    }
    ExtensionContext.Store store = context.getStore(STORE);
    if (store.get(GuestRun.class, GuestRun.class) != null) {
      return; // a nested class: the enclosing class's guest run covered it
    }
    Class<?> testClass = context.getRequiredTestClass();
    InKernelVm config = AnnotationSupport.findAnnotation(testClass, InKernelVm.class)
        .orElseGet(() -> enclosingConfig(context));
    GuestRun run = GuestRun.of(testClass, config);
    if (run instanceof GuestRun.Reported reported) {
      System.err.println("kernel VM: ran " + reported.description());
    } else if (run instanceof GuestRun.Unavailable unavailable) {
      System.err.println("kernel VM unavailable for " + testClass.getName() + ": "
          + unavailable.reason());
    }
    store.put(GuestRun.class, run);
  }

  private static InKernelVm enclosingConfig(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getTestClass().isPresent()) {
        var found = AnnotationSupport.findAnnotation(c.getTestClass().get(), InKernelVm.class);
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new ExtensionConfigurationException(KernelVmExtension.class.getSimpleName()
        + " needs @" + InKernelVm.class.getSimpleName() + " on the test class");
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    reportGuestVerdict(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    reportGuestVerdict(invocation, context);
  }

  @Override
  public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    if (inGuest()) {
      return invocation.proceed();
    }
    invocation.skip();
    throw new ExtensionConfigurationException("@TestFactory (dynamic tests) is not supported in"
        + " @InKernelVm classes: " + context.getDisplayName());
  }

  @Override
  public void interceptBeforeAllMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    guestOnly(invocation);
  }

  @Override
  public void interceptBeforeEachMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    guestOnly(invocation);
  }

  @Override
  public void interceptAfterEachMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    guestOnly(invocation);
  }

  @Override
  public void interceptAfterAllMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    guestOnly(invocation);
  }

  /** Lifecycle methods belong to the guest's run of the class. */
  private static void guestOnly(Invocation<Void> invocation) throws Throwable {
    if (inGuest()) {
      invocation.proceed();
    } else {
      invocation.skip();
    }
  }

  private static void reportGuestVerdict(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    if (inGuest()) {
      invocation.proceed();
      return;
    }
    invocation.skip();
    GuestRun run = context.getStore(STORE).get(GuestRun.class, GuestRun.class);
    if (run == null) {
      throw new IllegalStateException("no guest run for " + context.getUniqueId());
    }
    if (run instanceof GuestRun.Unavailable unavailable) {
      String reason = "kernel VM unavailable: " + unavailable.reason();
      System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
      throw new TestAbortedException(reason);
    }
    if (run instanceof GuestRun.Broken broken) {
      throw broken.error();
    }
    GuestRun.Reported reported = (GuestRun.Reported) run;
    GuestVerdict.apply(reported.report(), context.getUniqueId(), reported.description(),
        System.out);
  }
}
