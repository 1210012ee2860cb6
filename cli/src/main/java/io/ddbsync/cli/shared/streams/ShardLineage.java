package io.ddbsync.cli.shared.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which shards of a stream may be read now. A shard that splits is closed and gets children; an item's
 * earlier changes are in the parent, so a child is read only after its parent has been drained, as
 * the DynamoDB Streams developer guide asks ("process a parent shard before its children"). A parent
 * no longer listed (trimmed after 24 hours) holds nothing left to wait for.
 */
public final class ShardLineage {

  /** A shard as DescribeStream lists it; {@code closed} when it has an ending sequence number. */
  public record Shard(String id, Optional<String> parentId, boolean closed) {}

  private ShardLineage() {}

  /**
   * The shards not yet {@code started} whose parent is {@code drained} or not listed, in the order
   * listed.
   */
  public static List<Shard> ready(List<Shard> listed, Set<String> started, Set<String> drained) {
    Set<String> ids = listed.stream().map(Shard::id).collect(Collectors.toSet());
    List<Shard> ready = new ArrayList<>();
    for (Shard shard : listed) {
      boolean parentDone = shard.parentId().map(p -> drained.contains(p) || !ids.contains(p)).orElse(true);
      if (parentDone && !started.contains(shard.id()) && !drained.contains(shard.id())) {
        ready.add(shard);
      }
    }
    return ready;
  }
}
