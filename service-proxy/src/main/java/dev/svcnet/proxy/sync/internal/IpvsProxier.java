package dev.svcnet.proxy.sync.internal;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.text.Reconciler;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.sync.SyncException;
import dev.svcnet.proxy.sync.SyncResult;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link dev.svcnet.proxy.sync.ServiceProxier} in IPVS mode: every sync plans the desired state
 * with {@link IpvsPlanner}, reads the kernel's IPVS table and applies the fewest operations that
 * make it equal ({@link Reconciler}, one batch), then binds the plan's addresses to the dummy
 * interface (created if missing) and unbinds the ones no longer planned. The proxier owns the
 * namespace's IPVS table: virtual servers it did not plan are deleted. Since the kernel state
 * is read on every sync, a full and a partial sync do the same; a failed batch leaves the
 * operations before the failing one applied, and the next sync continues from what the kernel
 * holds.
 *
 * <p>Not programmed yet: the plan's ipsets and the iptables rules of IPVS mode that match them
 * (masquerading and the KUBE-NODE-PORT / KUBE-LOAD-BALANCER filtering).
 */
public final class IpvsProxier extends DesiredStateProxier {
  private final IpvsClient client;
  private final NodeSettings node;
  private final IpFamily family;
  private final String scheduler;

  /** {@code client} must belong to the namespace the proxier's syncs run in. */
  public IpvsProxier(IpvsClient client, NodeSettings node, IpFamily family, String scheduler) {
    this.client = Objects.requireNonNull(client, "client");
    this.node = Objects.requireNonNull(node, "node");
    this.family = Objects.requireNonNull(family, "family");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public synchronized SyncResult sync() throws SyncException {
    long start = System.nanoTime();
    boolean full = fullResyncRequested;
    IpvsPlan plan = IpvsPlanner.plan(desired.snapshot(), node, family, scheduler);
    List<Service> wanted = new ArrayList<>();
    for (IpvsVirtualServer server : plan.virtualServers()) {
      wanted.add(new Service(server.service(), Stats.ZERO, server.realServers().stream()
          .map(real -> new Destination(real, 0, 0, 0, Stats.ZERO)).toList()));
    }
    int written = 0;
    int deleted = 0;
    try {
      List<IpvsOperation> operations = Reconciler.diff(client.dump(), wanted);
      if (!operations.isEmpty()) {
        client.apply(operations);
      }
      for (IpvsOperation operation : operations) {
        if (operation instanceof IpvsOperation.DeleteService
            || operation instanceof IpvsOperation.DeleteDestination
            || operation instanceof IpvsOperation.Flush) {
          deleted++;
        } else {
          written++;
        }
      }
      int[] addressChanges = bindAddresses(plan.dummyInterface(), plan.boundAddresses());
      written += addressChanges[0];
      deleted += addressChanges[1];
    } catch (IOException e) {
      fullResyncRequested = true;
      throw new SyncException((full ? "full" : "partial") + " IPVS " + family + " sync failed", e);
    }
    fullResyncRequested = false;
    lastSync = new SyncResult(full, Duration.ofNanos(System.nanoTime() - start), written,
        deleted, 0);
    return lastSync;
  }

  /** Makes the dummy interface hold exactly {@code addresses} of this family: {added, removed}. */
  private int[] bindAddresses(String device, List<InetAddress> addresses) throws IOException {
    CommandResult shown = ExternalCommand.of("ip", "-o", family == IpFamily.IPV6 ? "-6" : "-4",
        "address", "show", "dev", device).run();
    if (!shown.succeeded()) {
      ExternalCommand.of("ip", "link", "add", device, "type", "dummy").runChecked();
      ExternalCommand.of("ip", "link", "set", device, "up").runChecked();
      shown = ExternalCommand.of("ip", "-o", family == IpFamily.IPV6 ? "-6" : "-4", "address",
          "show", "dev", device).run();
      if (!shown.succeeded()) {
        throw new IOException(shown.describe());
      }
    }
    Set<String> present = new LinkedHashSet<>();
    for (String line : shown.stdout().split("\n")) {
      String[] fields = line.trim().split("\\s+");
      for (int i = 0; i + 1 < fields.length; i++) {
        if (fields[i].equals("inet") || fields[i].equals("inet6")) {
          present.add(fields[i + 1]);
        }
      }
    }
    String prefix = family == IpFamily.IPV6 ? "/128" : "/32";
    Set<String> wanted = new LinkedHashSet<>();
    for (InetAddress address : addresses) {
      wanted.add(address.getHostAddress() + prefix);
    }
    int added = 0;
    int removed = 0;
    for (String address : wanted) {
      if (!present.contains(address)) {
        ExternalCommand.of("ip", "address", "add", address, "dev", device).runChecked();
        added++;
      }
    }
    for (String address : present) {
      if (!wanted.contains(address)) {
        ExternalCommand.of("ip", "address", "del", address, "dev", device).runChecked();
        removed++;
      }
    }
    return new int[] {added, removed};
  }
}
