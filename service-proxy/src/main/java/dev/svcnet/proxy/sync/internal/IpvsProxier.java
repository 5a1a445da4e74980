package dev.svcnet.proxy.sync.internal;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.text.Reconciler;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.sync.SyncException;
import dev.svcnet.proxy.sync.SyncResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link dev.svcnet.proxy.sync.ServiceProxier} in IPVS mode. Every sync plans the desired state
 * with {@link IpvsPlanner} (everything is validated before the kernel is touched) and then, in
 * kube-proxy's order:
 *
 * <ol>
 *   <li>the dummy interface is created if missing;
 *   <li>the ipsets: missing sets created, entries added and deleted to equal the plan, through
 *       one {@code ipset restore} (a refused restore is undone), then the iptables rules of IPVS
 *       mode: the changed chains (all of them, and the jump rules, on a full sync) through one
 *       {@code iptables-restore --noflush} (each table commits atomically); see {@link
 *       IpvsCompanionSync};
 *   <li>the IPVS table: read from the kernel (with its connection counters) and made equal with
 *       the fewest operations ({@link Reconciler}, one batch), with kube-proxy's graceful
 *       termination: a removed TCP real server that connections still use is kept with weight 0
 *       and deleted by a later sync once its counters are zero ({@link IpvsTableChanges}). The
 *       proxier owns its family's part of the namespace's IPVS table: virtual servers it did not
 *       plan are deleted, except those on addresses in the excluded CIDRs
 *       ({@code --ipvs-exclude-cidrs});
 *   <li>the plan's addresses bound to the dummy interface, the others unbound.
 * </ol>
 *
 * <p>A step that fails stops the sync and makes the next one full; the steps before it stay
 * applied, the failed step leaves what it had not changed (ipsets: as before the sync; iptables:
 * the refused table as before; IPVS: the operations before the failing one applied), and the next
 * sync starts again from what the kernel holds. A full sync also sets, where the kernel has
 * them, the IPVS sysctls kube-proxy sets at start: {@code net.ipv4.vs.conntrack=1} (so that IPVS
 * traffic can be masqueraded), {@code expire_nodest_conn=1} (a packet of a connection whose real
 * server was deleted drops the connection: what lets UDP and SCTP real servers go at once) and
 * {@code expire_quiescent_template=1} (persistence templates of a weight-0 real server expire, so
 * ClientIP affinity does not keep sending new connections to a draining one).
 */
public final class IpvsProxier extends DesiredStateProxier {
  private static final Path VS_SYSCTLS = Path.of("/proc/sys/net/ipv4/vs");
  private static final List<String> VS_SYSCTLS_SET_TO_ONE =
      List.of("conntrack", "expire_nodest_conn", "expire_quiescent_template");

  private final IpvsClient client;
  private final NodeSettings node;
  private final IpFamily family;
  private final String scheduler;
  private final IptablesOptions options;
  private final List<Cidr> excludedCidrs;
  private final IpvsCompanionSync companion;

  /**
   * {@code client} must belong to the namespace the proxier's syncs run in; {@code backend} is
   * the iptables flavour; of {@code options} the masquerade bit, {@code --masquerade-all} and
   * {@code --random-fully} apply; virtual servers on addresses in {@code excludedCidrs} are
   * never deleted.
   */
  public IpvsProxier(IpvsClient client, Backend backend, NodeSettings node, IpFamily family,
      String scheduler, IptablesOptions options, List<Cidr> excludedCidrs) {
    this.client = Objects.requireNonNull(client, "client");
    this.node = Objects.requireNonNull(node, "node");
    this.family = Objects.requireNonNull(family, "family");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.options = Objects.requireNonNull(options, "options");
    this.excludedCidrs = List.copyOf(Objects.requireNonNull(excludedCidrs, "excludedCidrs"));
    this.companion = new IpvsCompanionSync(Objects.requireNonNull(backend, "backend"), family);
  }

  @Override
  public synchronized SyncResult sync() throws SyncException {
    long start = System.nanoTime();
    boolean full = fullResyncRequested;
    IpvsPlan plan = IpvsPlanner.plan(desired.snapshot(), node, family, scheduler, options);
    List<Service> wanted = new ArrayList<>();
    for (IpvsVirtualServer server : plan.virtualServers()) {
      wanted.add(new Service(server.service(), Stats.ZERO, server.realServers().stream()
          .map(real -> new Destination(real, 0, 0, 0, Stats.ZERO)).toList()));
    }
    int written = 0;
    int deleted = 0;
    int rules = 0;
    int draining = 0;
    String step = "dummy interface";
    try {
      ensureDummyInterface(plan.dummyInterface());
      if (full) {
        setIpvsSysctls();
      }
      step = "ipset and iptables";
      IpvsCompanionSync.Changes companion = this.companion.sync(plan, full);
      written += companion.written();
      deleted += companion.deleted();
      rules = companion.rules();
      step = "IPVS";
      IpvsTableChanges changes =
          IpvsTableChanges.between(client.dump(), wanted, family, excludedCidrs);
      List<IpvsOperation> operations = changes.operations();
      draining = changes.draining();
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
      step = "address";
      int[] addressChanges = bindAddresses(plan.dummyInterface(), plan.boundAddresses());
      written += addressChanges[0];
      deleted += addressChanges[1];
    } catch (RestoreException | IOException e) {
      fullResyncRequested = true;
      companion.forget();
      throw new SyncException((full ? "full" : "partial") + " IPVS " + family + " sync failed at"
          + " the " + step + " step", e);
    }
    fullResyncRequested = false;
    lastSync = new SyncResult(full, Duration.ofNanos(System.nanoTime() - start), written,
        deleted, rules, 0, draining);
    return lastSync;
  }

  private static void setIpvsSysctls() throws IOException {
    for (String name : VS_SYSCTLS_SET_TO_ONE) {
      Path sysctl = VS_SYSCTLS.resolve(name);
      if (Files.isWritable(sysctl)) {
        Files.writeString(sysctl, "1\n");
      }
    }
  }

  private void ensureDummyInterface(String device) throws IOException {
    if (!ExternalCommand.of("ip", "link", "show", "dev", device).run().succeeded()) {
      ExternalCommand.of("ip", "link", "add", device, "type", "dummy").runChecked();
      ExternalCommand.of("ip", "link", "set", device, "up").runChecked();
    }
  }

  /** Makes the dummy interface hold exactly {@code addresses} of this family: {added, removed}. */
  private int[] bindAddresses(String device, List<InetAddress> addresses) throws IOException {
    CommandResult shown = ExternalCommand.of("ip", "-o", family == IpFamily.IPV6 ? "-6" : "-4",
        "address", "show", "dev", device).run();
    if (!shown.succeeded()) {
      throw new IOException(shown.describe());
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
