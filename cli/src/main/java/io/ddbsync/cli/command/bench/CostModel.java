package io.ddbsync.cli.command.bench;

/**
 * What AWS charges for a million changes, from the calls a bench phase counted per change: list
 * prices before free tiers, OpenSearch not included (BENCHMARKS.md, "Cost per million changes").
 *
 * @param enrichmentMemoryMb the enrichment function's MemorySize
 * @param indexerMemoryMb the indexer's MemorySize
 * @param idempotency whether the indexer writes its idempotency table
 */
record CostModel(Prices prices, int enrichmentMemoryMb, int indexerMemoryMb, boolean idempotency) {

  /** USD, us-east-1 (Lambda on arm64), checked 2026-11-25; the one price table of the bench and of BENCHMARKS.md. */
  record Prices(
      double pipesPerMillionRequests,
      double lambdaPerGbSecond,
      double lambdaPerMillionRequests,
      double sqsFifoPerMillionRequests,
      double dynamoDbPerMillionWriteUnits,
      double logsPerGb) {

    static final Prices US_EAST_1 = new Prices(0.40, 0.0000133334, 0.20, 0.50, 0.625, 0.50);
  }

  /** Idempotency's writes per message: the in-progress claim and its completion. */
  static final int IDEMPOTENCY_WRITE_UNITS_PER_MESSAGE = 2;

  /** Log bytes per call: the enrichment's line and the indexer's EMF line, each with Lambda's START/END/REPORT. */
  static final double ENRICHMENT_LOG_BYTES_PER_CALL = 0.5 * 1024;

  static final double INDEXER_LOG_BYTES_PER_CALL = 0.9 * 1024;

  private static final double GIB = 1024.0 * 1024 * 1024;

  private static final double MILLION = 1e6;

  /**
   * A phase's calls divided by its changes. Pipes bills each event after filtering (per 64 KB chunk,
   * one for these records), SQS each request (per 64 KB chunk, one for a batch of these messages).
   *
   * @param pipeEvents records that passed the pipe's filter
   * @param enrichmentBilledMs the enrichment's billed milliseconds (each call rounded up)
   * @param sqsRequests SendMessageBatch, ReceiveMessage (with messages) and DeleteMessageBatch requests
   * @param messages change messages sent to the queue
   */
  record PerChange(double pipeEvents, double enrichmentCalls, double enrichmentBilledMs, double indexerCalls,
      double indexerBilledMs, double sqsRequests, double messages) {}

  /** USD per million changes, by service. */
  record Breakdown(double pipes, double enrichment, double indexer, double sqs, double idempotencyTable, double logs) {
    double total() {
      return pipes + enrichment + indexer + sqs + idempotencyTable + logs;
    }
  }

  /** Prices are per million requests, so a count per change times its price is USD per million changes. */
  Breakdown perMillion(PerChange calls) {
    return new Breakdown(
        calls.pipeEvents() * prices.pipesPerMillionRequests(),
        lambda(calls.enrichmentCalls(), calls.enrichmentBilledMs(), enrichmentMemoryMb),
        lambda(calls.indexerCalls(), calls.indexerBilledMs(), indexerMemoryMb),
        calls.sqsRequests() * prices.sqsFifoPerMillionRequests(),
        idempotency ? calls.messages() * IDEMPOTENCY_WRITE_UNITS_PER_MESSAGE * prices.dynamoDbPerMillionWriteUnits() : 0,
        MILLION * (calls.enrichmentCalls() * ENRICHMENT_LOG_BYTES_PER_CALL + calls.indexerCalls() * INDEXER_LOG_BYTES_PER_CALL)
            / GIB * prices.logsPerGb());
  }

  /** A function's requests and billed GB-seconds per million changes. */
  private double lambda(double calls, double billedMs, int memoryMb) {
    return calls * prices.lambdaPerMillionRequests() + MILLION * billedMs / 1000 * memoryMb / 1024.0 * prices.lambdaPerGbSecond();
  }
}
