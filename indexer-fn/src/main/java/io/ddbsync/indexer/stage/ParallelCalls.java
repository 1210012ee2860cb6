package io.ddbsync.indexer.stage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the idempotency calls of different groups at once: each is a DynamoDB round trip. Built once
 * per container by the wiring and owned by the indexer. A FIFO batch holds at most 10 messages
 * (Lambda's SQS FIFO BatchSize limit), so at most 10 groups; daemon threads, so the pool never keeps a
 * JVM (CLI, tests) alive.
 */
public final class ParallelCalls {

  /** For a guard without round trips (idempotency off): thread hand-offs would only add time. */
  public static final ParallelCalls SEQUENTIAL = new ParallelCalls(null);

  private final ExecutorService pool;

  private ParallelCalls(ExecutorService pool) {
    this.pool = pool;
  }

  /**
   * Idle threads end after a minute: the local CLI builds an indexer per simulated execution
   * environment, and one it stopped using must not keep ten threads for the rest of the run.
   */
  public static ParallelCalls daemonPool(String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            10,
            10,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return new ParallelCalls(pool);
  }

  /**
   * Runs {@code action} on each element and waits for all of them. Each element is touched by one
   * task only; the join publishes the tasks' writes to this thread. A single element runs here.
   */
  <T> void each(List<T> elements, Consumer<T> action) {
    if (pool == null || elements.size() < 2) {
      elements.forEach(action);
      return;
    }
    CompletableFuture<?>[] tasks =
        elements.stream()
            .map(element -> CompletableFuture.runAsync(() -> action.accept(element), pool))
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(tasks).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
