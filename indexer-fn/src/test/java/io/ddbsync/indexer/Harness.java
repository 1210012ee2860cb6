package io.ddbsync.indexer;

import io.ddbsync.indexer.stage.BatchReport;

import io.ddbsync.item.diff.Projection;
import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;
import io.ddbsync.indexer.deadletter.DeadLetterQueue;
import io.ddbsync.indexer.deadletter.SqsDeadLetterQueue;
import io.ddbsync.indexer.fetch.DynamoDbItemReader;
import io.ddbsync.indexer.fetch.ItemReader;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.indexer.kept.KeptDocuments;
import io.ddbsync.indexer.kept.OpenSearchLiveVersions;
import io.ddbsync.indexer.stage.FetchStage;
import io.ddbsync.indexer.stage.KeptDocumentStage;
import io.ddbsync.indexer.stage.MessageLog;
import io.ddbsync.indexer.stage.ParallelCalls;
import io.ddbsync.item.route.Router;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.opensearch.retry.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.opensearch.client.opensearch.OpenSearchClient;

/** An {@link Indexer} wired to the local engines, the way {@code Wiring} wires it to AWS. */
public final class Harness {

  private static final ParallelCalls CALLS = ParallelCalls.daemonPool("harness");

  public final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private Optional<Router> router = Optional.empty();
  private boolean keptDocuments = false;
  private OpenSearchClient openSearch = LocalServices.openSearch();
  private Optional<ItemReader> itemReader = Optional.empty();
  private IdempotencyGuard idempotency = IdempotencyGuard.OFF;
  private Optional<DeadLetterQueue> deadLetters = Optional.empty();
  private int maxRetries = 2;
  private Sleeper sleeper = Sleeper.REAL;

  public Harness openSearch(OpenSearchClient client) {
    this.openSearch = client;
    return this;
  }

  public Harness table(String tableName) {
    this.itemReader = Optional.of(new DynamoDbItemReader(LocalServices.dynamoDb(), tableName, Projection.ALL));
    return this;
  }

  /** Routes fetched items as the enrichment would with {@code ROUTES} and {@code DEFAULT_INDEX}. */
  public Harness routes(String routes, Optional<String> defaultIndex) {
    this.router = Optional.of(new Router(Router.parseRoutes(routes), defaultIndex));
    return this;
  }

  /** Looks for kept documents in the routed indices, as with TTL_EXPIRY=keep (call after {@link #routes}). */
  public Harness keptDocuments() {
    this.keptDocuments = true;
    return this;
  }

  public Harness idempotency(IdempotencyGuard guard) {
    this.idempotency = guard;
    return this;
  }

  public Harness deadLetterQueue(String queueUrl) {
    this.deadLetters = Optional.of(new SqsDeadLetterQueue(LocalServices.sqs(), queueUrl));
    return this;
  }

  public Harness retries(int maxRetries, Sleeper sleeper) {
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
    return this;
  }

  public Indexer indexer() {
    Clock clock = Clock.systemUTC();
    MessageLog log = new MessageLog(
        new JsonLog("indexer-test", JsonLog.Level.DEBUG, new PrintStream(logs, true, StandardCharsets.UTF_8), clock),
        ItemKeyHash.hashed("indexer-test"));
    return new Indexer(
        new RetryingBulkWriter(
            new OpenSearchBulkSender(openSearch),
            maxRetries,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), new java.util.Random(1)),
            Duration.ofSeconds(1),
            clock,
            sleeper),
        new FetchStage(itemReader, router),
        keptDocuments
            ? Optional.of(new KeptDocumentStage(
                new KeptDocuments(router.orElseThrow().indices()), new OpenSearchLiveVersions(openSearch), log))
            : Optional.empty(),
        idempotency,
        CALLS,
        deadLetters,
        clock,
        log);
  }

  public IndexerHandler handler(PrintStream metricsOut) {
    return new IndexerHandler(indexer(), Clock.systemUTC(), "ddbsync", "indexer-test", metricsOut);
  }

  public BatchReport.Result index(QueueMessage... batch) {
    return indexer().index(List.of(batch), Instant.now().plusSeconds(30));
  }
}
