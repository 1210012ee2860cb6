package io.ddbsync.cli.local.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A DynamoDB stream read by EventBridge Pipes: records spread over shards by item key, and each
 * shard's records over {@code ParallelizationFactor} lanes, again by item key, so that an item's
 * changes stay in one lane, in order. Each lane runs one pipe execution at a time. A record enters
 * its lane at its release time; a lane's batch closes when it holds {@code BatchSize} records or
 * when {@code MaximumBatchingWindowInSeconds} has passed since its first record arrived, as Pipes
 * batches. Used by {@code run} (one shard, its records all in the stream at the start) and {@code bench}.
 */
public final class StreamShards {

  /** One change of the stream and the moment ({@link System#nanoTime()}) it enters its shard. */
  public record Release(ObjectNode record, long atNanos) {}

  /** Every record in the stream now, in stream order. */
  public static List<Release> allNow(List<ObjectNode> records) {
    long now = System.nanoTime();
    return records.stream().map(r -> new Release(r, now)).toList();
  }

  /** The one shard a lane's batches belong to: each lane is read on its own. */
  private static final String SHARD = "lane";

  private StreamShards() {}

  /**
   * Runs every release through a pipe per lane (made by {@code pipes}) and returns when all are
   * delivered; the pipes, for their counts. {@code lanes}: shards times ParallelizationFactor.
   */
  public static List<PipeEmulator> run(List<Release> stream, int lanes, int batchSize, Duration window,
      Supplier<PipeEmulator> pipes) throws Exception {
    return run(stream, lanes, batchSize, window, pipes, n -> {});
  }

  /** As above; {@code progress} is told, from the lanes' threads, how many records each lane consumed. */
  public static List<PipeEmulator> run(List<Release> stream, int lanes, int batchSize, Duration window,
      Supplier<PipeEmulator> pipes, LongConsumer progress) throws Exception {
    List<List<Release>> byLane = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      byLane.add(new ArrayList<>());
    }
    for (Release release : stream) {
      byLane.get(LaneBatches.laneOf(release.record(), lanes)).add(release);
    }
    List<PipeEmulator> started = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(lanes);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<Release> lane : byLane) {
        PipeEmulator pipe = pipes.get();
        started.add(pipe);
        running.add(threads.submit(() -> read(lane, pipe, batchSize, window, progress)));
      }
      for (Future<?> lane : running) {
        lane.get();
      }
    } finally {
      threads.shutdownNow();
    }
    return started;
  }

  private static void read(List<Release> lane, PipeEmulator pipe, int batchSize, Duration window, LongConsumer progress) {
    LaneBatches batches = new LaneBatches(1, batchSize, window);
    List<List<ObjectNode>> ready = new ArrayList<>();
    int next = 0;
    while (next < lane.size() || !batches.isEmpty()) {
      long now = System.nanoTime();
      while (next < lane.size() && lane.get(next).atNanos() <= now && ready.isEmpty()) {
        Release release = lane.get(next++);
        if (pipe.admit(release.record())) {
          batches.add(SHARD, release.record(), release.atNanos()).ifPresent(ready::add);
        } else {
          progress.accept(1);
        }
      }
      ready.addAll(batches.due(now));
      if (!ready.isEmpty()) {
        for (List<ObjectNode> batch : ready) {
          pipe.deliver(batch);
          progress.accept(batch.size());
        }
        ready.clear();
        continue;
      }
      long wake = Math.min(next < lane.size() ? lane.get(next).atNanos() : Long.MAX_VALUE,
          batches.nextDue().orElse(Long.MAX_VALUE));
      // Waits for the stream's schedule (the next release or the batching window), not for a result.
      LockSupport.parkNanos(wake - now);
    }
    pipe.flush();
  }
}
