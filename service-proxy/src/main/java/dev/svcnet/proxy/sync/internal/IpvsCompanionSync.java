package dev.svcnet.proxy.sync.internal;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpvsPlan;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What IPVS mode programs besides the IPVS table, in kube-proxy's order: the plan's ipsets
 * ({@link IpsetSync}: the difference through one {@code ipset restore}, undone if refused), then
 * its iptables rules ({@link IpvsIptablesSync}: changed chains, or all of them and the jump rules
 * on a full sync, through one {@code iptables-restore --noflush}). The sets come first because
 * the rules match them. Works in the network namespace of the calling thread.
 */
public final class IpvsCompanionSync {

  /**
   * The figures of one sync.
   *
   * @param written sets created, entries added and iptables chains written
   * @param deleted entries deleted and sets destroyed
   * @param rules rules in the written chains
   */
  public record Changes(int written, int deleted, int rules) {}

  private final IpvsIptablesSync iptables;

  public IpvsCompanionSync(Backend backend, IpFamily family) {
    this.iptables = new IpvsIptablesSync(backend, family);
  }

  /**
   * Makes the kernel's sets of the plan's names and kube-proxy's chains equal to the plan.
   *
   * @throws IOException if {@code ipset} refused the update (the sets are then as they were) or
   *     a program could not run; the next sync is then full
   * @throws RestoreException if iptables-restore refused the rules (the table it failed in is
   *     unchanged); the next sync is then full
   */
  public Changes sync(IpvsPlan plan, boolean full) throws IOException, RestoreException {
    Set<String> names = new HashSet<>();
    plan.ipSets().forEach(set -> names.add(set.name()));
    Map<String, IpsetSync.KernelSet> sets;
    IpsetSync.Changes setChanges;
    try {
      sets = IpsetSync.save(names);
      setChanges = IpsetSync.apply(IpsetSync.diff(plan.ipSets(), sets), sets);
    } catch (IOException e) {
      iptables.forget();
      throw e;
    }
    int[] chains = iptables.sync(plan, full);
    return new Changes(setChanges.written() + chains[0], setChanges.deleted(), chains[1]);
  }

  /** Makes the next sync full. */
  public void forget() {
    iptables.forget();
  }
}
