package io.ddbsync.cli.local.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.streams.Backoff;
import io.ddbsync.cli.shared.streams.ShardLineage;
import io.ddbsync.cli.shared.streams.StreamReader;
import io.ddbsync.cli.shared.streams.StreamRecordJson;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * Polls a live DynamoDB stream the way Pipes does and feeds the records to the pipe: DescribeStream
 * for the shards (again when a shard is drained, to find its children, and every
 * {@link #DESCRIBE_INTERVAL}), a child shard only after its parent was drained, GetRecords per shard
 * with {@link Backoff#EMPTY_PAGE} while a shard answers empty, the records batched by
 * {@link LaneBatches}. Lanes are delivered one after the other on this thread, which keeps each
 * item's order as concurrent lanes do.
 *
 * <p>{@code from} applies to the shards open at the start (LATEST: only changes made from now on;
 * shards already closed are skipped); shards found later are read from their oldest record.
 */
public final class StreamFollower {

  /** How often the shard list is read when no shard was drained: splits show up within this. */
  static final Duration DESCRIBE_INTERVAL = Duration.ofSeconds(10);

  private final StreamReader reader;
  private final String streamArn;
  private final Predicate<ObjectNode> admit;
  private final Consumer<List<ObjectNode>> deliver;
  private final LaneBatches batches;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong read = new AtomicLong();

  /**
   * @param admit the pipe's filter ({@link PipeEmulator#admit}): whether a record goes on into a batch
   * @param deliver one pipe execution ({@link PipeEmulator#deliver})
   */
  public StreamFollower(StreamReader reader, String streamArn, Predicate<ObjectNode> admit,
      Consumer<List<ObjectNode>> deliver, LaneBatches batches) {
    this.reader = reader;
    this.streamArn = streamArn;
    this.admit = admit;
    this.deliver = deliver;
    this.batches = batches;
  }

  /** Makes {@link #follow} deliver what it holds and return (Ctrl-C). */
  public void stop() {
    stop.set(true);
  }

  /** Records read from the stream so far. */
  public long read() {
    return read.get();
  }

  private static final class Polled {
    final StreamReader.Cursor cursor;
    long nextPollNanos;
    int emptyInARow;

    Polled(StreamReader.Cursor cursor) {
      this.cursor = cursor;
    }
  }

  /**
   * Follows the stream until {@link #stop()}, or until no record came for {@code untilIdle} and the
   * last poll of every shard was empty; every record read is delivered before it returns.
   */
  public void follow(ShardIteratorType from, Optional<Duration> untilIdle) {
    Map<String, Polled> polled = new LinkedHashMap<>();
    Set<String> started = new HashSet<>();
    Set<String> drained = new HashSet<>();
    boolean first = true;
    long nextDescribe = System.nanoTime();
    long lastRecord = System.nanoTime();
    while (!stop.get()) {
      long now = System.nanoTime();
      if (now >= nextDescribe) {
        List<ShardLineage.Shard> shards = reader.shards(streamArn);
        if (first && from == ShardIteratorType.LATEST) {
          shards.stream().filter(ShardLineage.Shard::closed).forEach(s -> drained.add(s.id()));
        }
        for (ShardLineage.Shard shard : ShardLineage.ready(shards, started, drained)) {
          started.add(shard.id());
          ShardIteratorType type = first && !shard.closed() ? from : ShardIteratorType.TRIM_HORIZON;
          polled.put(shard.id(), new Polled(reader.open(streamArn, shard.id(), type)));
        }
        first = false;
        nextDescribe = now + DESCRIBE_INTERVAL.toNanos();
      }
      for (Polled shard : List.copyOf(polled.values())) {
        if (shard.nextPollNanos > now) {
          continue;
        }
        List<Record> page = shard.cursor.next();
        long at = System.nanoTime();
        for (Record record : page) {
          read.incrementAndGet();
          ObjectNode json = StreamRecordJson.of(record, streamArn);
          if (admit.test(json)) {
            batches.add(shard.cursor.shardId(), json, at).ifPresent(deliver);
          }
        }
        if (!page.isEmpty()) {
          lastRecord = System.nanoTime(); // after delivery, which can outlast --until-idle
        }
        shard.emptyInARow = page.isEmpty() ? shard.emptyInARow + 1 : 0;
        shard.nextPollNanos = page.isEmpty() ? at + Backoff.EMPTY_PAGE.after(shard.emptyInARow).toNanos() : at;
        if (shard.cursor.drained()) {
          batches.ofShard(shard.cursor.shardId()).forEach(deliver);
          polled.remove(shard.cursor.shardId());
          drained.add(shard.cursor.shardId());
          nextDescribe = at; // its children can be read now
        }
      }
      now = System.nanoTime();
      batches.due(now).forEach(deliver);
      if (untilIdle.isPresent() && batches.isEmpty() && now - lastRecord >= untilIdle.get().toNanos()
          && polled.values().stream().allMatch(shard -> shard.emptyInARow > 0)) {
        break;
      }
      long wake = nextDescribe;
      for (Polled shard : polled.values()) {
        wake = Math.min(wake, shard.nextPollNanos);
      }
      wake = Math.min(wake, batches.nextDue().orElse(Long.MAX_VALUE));
      if (untilIdle.isPresent()) {
        wake = Math.min(wake, lastRecord + untilIdle.get().toNanos());
      }
      // Waits for the poll schedule (the next GetRecords, batching window or DescribeStream), not for a result.
      LockSupport.parkNanos(Math.max(0, wake - System.nanoTime()));
    }
    batches.all().forEach(deliver);
  }
}
