/**
 * Docker containers for tests that need a network namespace of their own with real tools:
 * {@code ip}, {@code iptables*} (legacy and nft), {@code nft}, {@code ipvsadm}, busybox and a
 * JDK, all copied from this host (no registry is reachable on our machines).
 *
 * <ol>
 *   <li>Start an engine: {@code scripts/start-dockerd} (root; needs {@code apt-get install
 *       docker.io}). Run tests with {@code TESTCONTAINERS_RYUK_DISABLED=true} (Surefire sets it).
 *   <li>In a test: {@link dev.svcnet.harness.container.DockerAvailability#abortIfUnavailable()}
 *       aborts (never passes) when no engine answers, and says why and how to start one.
 *   <li>{@link dev.svcnet.harness.container.NetToolsImage#ensure()} builds (once per content
 *       hash) or reuses {@code svcnet/nettools:<hash>} and tags it {@code :latest}, the
 *       Testcontainers tiny image named in {@code testcontainers.properties}. Call it before any
 *       other Testcontainers container starts.
 *   <li>{@link dev.svcnet.harness.container.NetToolsContainer} is a {@code GenericContainer} of
 *       it with {@code CAP_NET_ADMIN} and {@code CAP_NET_RAW}, not privileged; use
 *       {@code execChecked(...)} or {@code execInContainer(...)} to run tools inside.
 * </ol>
 *
 * <p>Containers share the host kernel: no IPVS on these machines (use the QEMU harness in
 * {@code dev.svcnet.harness.vm} for that).
 */
package dev.svcnet.harness.container;
