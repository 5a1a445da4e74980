package dev.svcnet.harness.vm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class inside a real Debian kernel under QEMU (see {@link KernelVm}), as
 * root, with IPVS and every other Debian module a {@code modprobe} away.
 *
 * <p>On the host, before the class's tests, one guest boots and runs the whole class (its
 * lifecycle methods, {@code @Test} and parameterized/templated tests, nested classes) with
 * {@link GuestTestRunner}, using this JVM's {@code java.home} and the test class path (both
 * visible in the guest at the same paths). Each test then reports, on the host, the guest's
 * verdict for the same test: pass, fail with the guest's message, stack trace and output, or
 * aborted with the guest's reason. The class's lifecycle methods are not run on the host; its
 * constructor and other extensions are. {@code @TestFactory} (dynamic tests) is not supported.
 * The class path's directories (target/classes, target/test-classes) are copied aside for the
 * guest, so a concurrent rebuild cannot pull classes from under it; find files through the
 * working directory or {@code svcnet.repo.root}, not through the class location. System
 * properties named {@code svcnet.*} are passed on to the guest's JVM.
 *
 * <p>When the VM cannot run here (no QEMU, no kernel, not root), every test is aborted with the
 * reason, printed to stderr too; it never passes. Inside the guest this extension does nothing.
 *
 * <pre>{@code
 * @InKernelVm
 * class IpvsKernelTest {
 *   @Test
 *   void ipvsLoads() throws Exception { ... new ProcessBuilder("modprobe", "ip_vs") ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KernelVmExtension.class)
public @interface InKernelVm {

  /** Guest memory in MiB. */
  int memoryMiB() default 2048;

  /** Guest CPUs. */
  int cpus() default 2;

  /** Limit for the whole guest run of the class (boot, JVM start, tests), in seconds. */
  int timeoutSeconds() default 300;

  /** Extra JVM options for the guest's JVM (e.g. {@code -Xmx512m}). */
  String[] jvmArgs() default {};
}
