package dev.svcnet.proxy.sync.internal;

import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.sync.ServiceProxier;
import dev.svcnet.proxy.sync.SyncResult;
import java.util.Optional;

/**
 * What both modes share: the desired state, the full-resync request and the last figures. All
 * methods lock the proxier, so changes and syncs may come from different threads.
 */
abstract class DesiredStateProxier implements ServiceProxier {
  final DesiredState desired = new DesiredState();
  boolean fullResyncRequested = true;
  SyncResult lastSync;

  @Override
  public synchronized void replaceAll(ClusterState state) {
    desired.replaceAll(state);
  }

  @Override
  public synchronized void updateService(ClusterService service) {
    desired.put(service);
  }

  @Override
  public synchronized void deleteService(String namespace, String name) {
    desired.removeService(namespace, name);
  }

  @Override
  public synchronized void updateEndpointSlice(ServiceEndpointSlice slice) {
    desired.put(slice);
  }

  @Override
  public synchronized void deleteEndpointSlice(String namespace, String name) {
    desired.removeSlice(namespace, name);
  }

  @Override
  public synchronized ClusterState desired() {
    return desired.snapshot();
  }

  @Override
  public synchronized void requestFullResync() {
    fullResyncRequested = true;
  }

  @Override
  public synchronized Optional<SyncResult> lastSync() {
    return Optional.ofNullable(lastSync);
  }
}
