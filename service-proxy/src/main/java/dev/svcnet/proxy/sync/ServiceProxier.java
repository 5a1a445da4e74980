package dev.svcnet.proxy.sync;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.sync.internal.IptablesProxier;
import dev.svcnet.proxy.sync.internal.IpvsProxier;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the kernel programmed with what kube-proxy would program for a desired state. The desired
 * state changes through a full snapshot ({@link #replaceAll}) or one object at a time; nothing
 * touches the kernel until {@link #sync()}.
 *
 * <p>iptables mode: a sync is full the first time, after {@link #requestFullResync()} and after a failed sync:
 * every chain is written and every stale service chain found in the kernel is deleted. Otherwise
 * it is partial: only the Services touched by changes since the last sync are rendered again,
 * only the chains whose rules changed are written (for a change to one service: its own chains,
 * and a top-level chain such as KUBE-SERVICES only if the service's rules in it changed) and
 * chains that are no longer rendered are deleted. Syncing an unchanged
 * state writes nothing. IPVS mode reads the kernel's IPVS table and ipsets on every sync and
 * applies the fewest changes, draining removed TCP real servers at weight 0 while connections
 * use them as kube-proxy does; its iptables chains are written full or partial by comparing
 * them with the last written ones (see {@link IpvsProxier}).
 */
public interface ServiceProxier {

  /**
   * The iptables-mode proxier for one family, writing through {@code backend}'s
   * iptables-restore in the calling thread's network namespace. It programs the current
   * kube-proxy layout only: the 1.22 profile is for rendering.
   *
   * @throws IllegalArgumentException for {@code options} of another profile
   */
  static ServiceProxier iptables(Backend backend, NodeSettings node, IpFamily family,
      IptablesOptions options) {
    if (options.profile() != IptablesProfile.CURRENT) {
      throw new IllegalArgumentException("options.profile: the sync engine programs the current"
          + " kube-proxy layout only, not " + options.profile());
    }
    return new IptablesProxier(backend, node, family, options);
  }

  /**
   * The IPVS-mode proxier for one family with kube-proxy's default iptables settings, writing
   * iptables rules through the system's default iptables-restore.
   */
  static ServiceProxier ipvs(IpvsClient client, NodeSettings node, IpFamily family,
      String scheduler) {
    return ipvs(client, Backend.SYSTEM, node, family, scheduler,
        IptablesOptions.defaults(IptablesProfile.CURRENT));
  }

  /**
   * The IPVS-mode proxier for one family, programming the IPVS table through {@code client}, and
   * the plan's ipsets (the real {@code ipset}), iptables rules ({@code backend}'s
   * iptables-restore) and addresses on its dummy interface in the calling thread's network
   * namespace. Of {@code options} the masquerade bit, {@code --masquerade-all} and {@code
   * --random-fully} apply.
   */
  static ServiceProxier ipvs(IpvsClient client, Backend backend, NodeSettings node,
      IpFamily family, String scheduler, IptablesOptions options) {
    return ipvs(client, backend, node, family, scheduler, options, List.of());
  }

  /**
   * As {@link #ipvs(IpvsClient, Backend, NodeSettings, IpFamily, String, IptablesOptions)}, and
   * like kube-proxy's {@code --ipvs-exclude-cidrs}: virtual servers whose address lies in one of
   * {@code excludedCidrs} are never deleted by a sync (virtual servers the proxier plans there
   * are still programmed).
   */
  static ServiceProxier ipvs(IpvsClient client, Backend backend, NodeSettings node,
      IpFamily family, String scheduler, IptablesOptions options, List<Cidr> excludedCidrs) {
    return new IpvsProxier(client, backend, node, family, scheduler, options, excludedCidrs);
  }

  /** Makes {@code state} the whole desired state (Services, EndpointSlices and Pods). */
  void replaceAll(ClusterState state);

  /** Adds the Service or replaces the one with the same namespace and name. */
  void updateService(ClusterService service);

  /** Removes the Service; absent is not an error (a delete may be seen twice). */
  void deleteService(String namespace, String name);

  /** Adds the EndpointSlice or replaces the one with the same namespace and name. */
  void updateEndpointSlice(ServiceEndpointSlice slice);

  /** Removes the EndpointSlice; absent is not an error. */
  void deleteEndpointSlice(String namespace, String name);

  /** The desired state as it is now (Services and EndpointSlices sorted by namespace/name). */
  ClusterState desired();

  /**
   * Programs the kernel with the desired state. On failure the proxier keeps the desired state,
   * forgets what it believed the kernel held and makes the next sync a full one.
   *
   * @throws SyncException if the kernel refused the update or the programs could not run
   */
  SyncResult sync() throws SyncException;

  /** Makes the next sync a full one (kube-proxy does this periodically, and after errors). */
  void requestFullResync();

  /** The figures of the last successful sync, if there was one. */
  Optional<SyncResult> lastSync();
}
