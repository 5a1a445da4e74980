package dev.svcnet.netlink;

import java.util.List;

/**
 * The kernel's answer to one request of a batch: its data replies, or the error it returned.
 * {@code index} is the request's position in the batch.
 */
public record BatchOutcome(int index, List<NetlinkMessage> replies, NetlinkException error) {

  public BatchOutcome {
    replies = List.copyOf(replies);
  }

  public boolean succeeded() {
    return error == null;
  }
}
