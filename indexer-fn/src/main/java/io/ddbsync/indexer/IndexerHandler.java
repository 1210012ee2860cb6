package io.ddbsync.indexer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.indexer.stage.BatchReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point for the SQS FIFO event source (with {@code ReportBatchItemFailures}): unpacks
 * the batch, calls {@link Indexer}, writes one EMF metrics line, and returns the failed message ids.
 * Clients and configuration are built once, in the constructor.
 */
public final class IndexerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  /* Time kept back from the invocation's remaining time for idempotency bookkeeping, the dead-letter
     sends and the response, so that retries never run the function into its timeout. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(3);

  private final Indexer indexer;
  private final Clock clock;
  private final String metricsNamespace;
  private final String service;
  private final PrintStream metricsOut;
  /* org.crac holds registered resources weakly: the handler, which Lambda keeps, holds the hook. */
  private final Optional<Resource> snapStartHook;

  /** Used by Lambda: configuration from the environment. */
  public IndexerHandler() {
    this(IndexerConfig.fromEnv());
  }

  /**
   * With configuration given, for the local CLI. Builds the clients and registers {@link
   * SnapStartPriming} as the SnapStart hook: priming runs only before a snapshot. Without SnapStart,
   * priming during init would only move work from the first invocation into init, both on the same
   * cold start, and add what the synthetic batch needs and a real one may not (BENCHMARKS.md).
   */
  public IndexerHandler(IndexerConfig config) {
    this(Wiring.wire(config, Clock.systemUTC(), System.out), config);
  }

  private IndexerHandler(Wiring.Wired wired, IndexerConfig config) {
    this(
        wired.indexer(),
        Clock.systemUTC(),
        config.metricsNamespace(),
        config.serviceName(),
        System.out,
        Optional.of(wired.snapStartPriming()));
    Core.getGlobalContext().register(wired.snapStartPriming());
  }

  /** With collaborators, for tests and the local CLI. */
  public IndexerHandler(
      Indexer indexer, Clock clock, String metricsNamespace, String service, PrintStream metricsOut) {
    this(indexer, clock, metricsNamespace, service, metricsOut, Optional.empty());
  }

  private IndexerHandler(
      Indexer indexer,
      Clock clock,
      String metricsNamespace,
      String service,
      PrintStream metricsOut,
      Optional<Resource> snapStartHook) {
    this.indexer = indexer;
    this.clock = clock;
    this.metricsNamespace = metricsNamespace;
    this.service = service;
    this.metricsOut = metricsOut;
    this.snapStartHook = snapStartHook;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return handle(event, clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN));
  }

  SQSBatchResponse handle(SQSEvent event, Instant deadline) {
    BatchReport.Result result = indexer.index(QueueMessage.from(event), deadline);
    metricsOut.println(result.metrics().emf(metricsNamespace, service, clock.instant()));
    return SQSBatchResponse.builder()
        .withBatchItemFailures(
            result.failedMessageIds().stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                .toList())
        .build();
  }
}
