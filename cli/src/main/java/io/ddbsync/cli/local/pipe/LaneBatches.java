package io.ddbsync.cli.local.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pipes' batching of a stream source: each shard's records go to {@code ParallelizationFactor} lanes by
 * item key (an item's changes stay in one lane, in order), and a lane's batch closes when it holds
 * {@code BatchSize} records or {@code MaximumBatchingWindowInSeconds} after its first record arrived.
 * Times are {@link System#nanoTime()} values passed in, so the rule is tested without a clock.
 */
public final class LaneBatches {

  private record Lane(String shardId, int lane) {}

  private static final class Open {
    final long openedNanos;
    final List<ObjectNode> records = new ArrayList<>();

    Open(long openedNanos) {
      this.openedNanos = openedNanos;
    }
  }

  private final int lanes;
  private final int batchSize;
  private final long windowNanos;
  private final Map<Lane, Open> open = new LinkedHashMap<>();

  public LaneBatches(int lanes, int batchSize, Duration window) {
    this.lanes = Math.max(1, lanes);
    this.batchSize = Math.max(1, batchSize);
    this.windowNanos = window.toNanos();
  }

  /** The lane of {@code lanes} that {@code record}'s item goes to: the same for all its changes. */
  static int laneOf(ObjectNode record, int lanes) {
    return Math.floorMod(record.path("dynamodb").path("Keys").hashCode(), lanes);
  }

  /** Adds a record read from {@code shardId} at {@code now}; the lane's batch when this filled it. */
  public Optional<List<ObjectNode>> add(String shardId, ObjectNode record, long now) {
    Lane lane = new Lane(shardId, laneOf(record, lanes));
    Open batch = open.computeIfAbsent(lane, l -> new Open(now));
    batch.records.add(record);
    if (batch.records.size() < batchSize) {
      return Optional.empty();
    }
    open.remove(lane);
    return Optional.of(batch.records);
  }

  /** The batches whose window has passed at {@code now}, removed, oldest first. */
  public List<List<ObjectNode>> due(long now) {
    return take(b -> now - b.openedNanos >= windowNanos);
  }

  /** Every open batch of {@code shardId}, removed: a drained shard's records go out before its children's. */
  public List<List<ObjectNode>> ofShard(String shardId) {
    List<List<ObjectNode>> batches = new ArrayList<>();
    open.entrySet().removeIf(e -> e.getKey().shardId().equals(shardId) && batches.add(e.getValue().records));
    return batches;
  }

  /** Every open batch, removed. */
  public List<List<ObjectNode>> all() {
    return take(b -> true);
  }

  /** When the oldest open batch's window ends; empty when no batch is open. */
  public Optional<Long> nextDue() {
    return open.values().stream().map(b -> b.openedNanos + windowNanos).min(Long::compare);
  }

  public boolean isEmpty() {
    return open.isEmpty();
  }

  private List<List<ObjectNode>> take(Predicate<Open> which) {
    List<List<ObjectNode>> batches = new ArrayList<>();
    open.values().removeIf(b -> which.test(b) && batches.add(b.records));
    return batches;
  }
}
