package io.ddbsync.benchmarks;

import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.enrichment.EnrichmentHandler;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;

/**
 * The handler-to-parse ratio measured in alternating rounds in one JVM, so that load from other
 * processes on a shared machine (which skews JMH's one-benchmark-after-another runs) hits both sides
 * alike. Complements {@link EnrichmentBenchmark}; prints microseconds per batch of ten.
 */
public final class InterleavedRatio {

  public static void main(String[] args) throws Exception {
    byte[] batch = StreamBatches.batchOfTen();
    EnrichmentHandler handler =
        new EnrichmentHandler(
            EnrichmentConfig.fromEnv(StreamBatches.ENV),
            new JsonLog("test", JsonLog.Level.INFO, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));
    ByteArrayOutputStream response = new ByteArrayOutputStream(64 * 1024);
    int perRound = 5_000;
    int warmupRounds = 20;
    int rounds = 20;
    long handlerNanos = 0;
    long parseNanos = 0;
    long sink = 0;
    for (int round = 0; round < warmupRounds + rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        response.reset();
        handler.handleRequest(new ByteArrayInputStream(batch), response, null);
        sink += response.size();
      }
      long handled = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        sink += ChangeMessages.MAPPER.readTree(batch).size();
      }
      long parsed = System.nanoTime();
      if (round >= warmupRounds) {
        handlerNanos += handled - start;
        parseNanos += parsed - handled;
      }
    }
    double batches = (double) rounds * perRound;
    System.out.printf(
        "handler %.1f us/batch (%.0f records/s), parse-only %.1f us/batch (%.0f records/s), ratio %.2f [%d]%n",
        handlerNanos / batches / 1e3,
        10 * batches / (handlerNanos / 1e9),
        parseNanos / batches / 1e3,
        10 * batches / (parseNanos / 1e9),
        (double) parseNanos / handlerNanos,
        sink % 10);
  }

  private InterleavedRatio() {}
}
