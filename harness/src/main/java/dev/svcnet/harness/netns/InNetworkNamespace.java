package dev.svcnet.harness.netns;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test (with its {@code @BeforeEach} and {@code @AfterEach} methods) in a fresh network
 * namespace of its own, torn down afterwards whether the test passed or not. A test method may
 * take the {@link dev.svcnet.netlink.netns.NetworkNamespace} it runs in as a parameter.
 *
 * <p>Without root (CAP_SYS_ADMIN and CAP_NET_ADMIN) the tests are skipped and the reason is
 * printed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NetnsExtension.class)
public @interface InNetworkNamespace {}
