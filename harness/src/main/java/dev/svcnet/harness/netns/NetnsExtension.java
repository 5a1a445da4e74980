package dev.svcnet.harness.netns;

import dev.svcnet.netlink.netns.NetworkNamespace;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/** The extension behind {@link InNetworkNamespace}. */
public final class NetnsExtension implements BeforeEachCallback, InvocationInterceptor,
    ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(NetnsExtension.class);

  /** Closes the namespace when JUnit closes the test's store, pass or fail. */
  private record Owned(NetworkNamespace namespace)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      namespace.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    NamespaceAssumptions.assumeNamespacesAllowed(context.getDisplayName());
    String label = context.getRequiredTestMethod().getName();
    context.getStore(STORE).put(Owned.class, new Owned(NetworkNamespace.create(label)));
  }

  private static NetworkNamespace namespace(ExtensionContext context) {
    Owned owned = context.getStore(STORE).get(Owned.class, Owned.class);
    if (owned == null) {
      throw new IllegalStateException("no network namespace for " + context.getDisplayName());
    }
    return owned.namespace();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == NetworkNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return namespace(context);
  }

  @Override
  public void interceptBeforeEachMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    runInside(invocation, context);
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    runInside(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    runInside(invocation, context);
  }

  /** Dynamic tests would run outside any namespace: refuse them rather than touch the host. */
  @Override
  public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) {
    invocation.skip();
    throw new IllegalStateException("@InNetworkNamespace does not support @TestFactory ("
        + context.getDisplayName() + "): dynamic tests would run in the host's namespace");
  }

  @Override
  public void interceptAfterEachMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    runInside(invocation, context);
  }

  private static void runInside(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    try {
      namespace(context).call(() -> {
        try {
          return invocation.proceed();
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new ThrowableCarrier(t);
        }
      });
    } catch (ThrowableCarrier carrier) {
      throw carrier.getCause();
    }
  }

  /** Carries a Throwable that is neither an Exception nor an Error across the namespace thread. */
  private static final class ThrowableCarrier extends Exception {
    private static final long serialVersionUID = 1L;

    ThrowableCarrier(Throwable cause) {
      super(cause);
    }
  }
}
