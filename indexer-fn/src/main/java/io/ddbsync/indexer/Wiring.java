package io.ddbsync.indexer;

import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;
import io.ddbsync.indexer.deadletter.DeadLetterQueue;
import io.ddbsync.indexer.deadletter.SqsDeadLetterQueue;
import io.ddbsync.indexer.fetch.DynamoDbItemReader;
import io.ddbsync.indexer.fetch.ItemReader;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.indexer.idempotency.PowertoolsIdempotencyGuard;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.stage.FetchStage;
import io.ddbsync.indexer.stage.KeptDocumentStage;
import io.ddbsync.indexer.kept.KeptDocuments;
import io.ddbsync.indexer.kept.OpenSearchLiveVersions;
import io.ddbsync.item.route.Router;
import io.ddbsync.indexer.stage.MessageLog;
import io.ddbsync.indexer.stage.ParallelCalls;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.opensearch.retry.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the indexer's collaborators from {@link IndexerConfig}: AWS SDK clients on the
 * URL-connection HTTP client (at the configured AWS endpoints, if any), and only those the
 * configuration needs.
 */
final class Wiring {

  /*
   * A claim only saves repeated work (external versions make a repeat harmless), so the idempotency
   * store gets little time: after this, the message is indexed without a claim (fail open) instead
   * of spending the invocation on the SDK's default retries (up to 9 attempts for DynamoDB).
   */
  private static final Duration IDEMPOTENCY_CALL_TIMEOUT = Duration.ofSeconds(1);
  private static final int IDEMPOTENCY_CALL_ATTEMPTS = 2;

  private Wiring() {}

  /** The indexer, and the SnapStart hook that primes its clients before a snapshot. */
  record Wired(Indexer indexer, SnapStartPriming snapStartPriming) {}

  static Indexer indexer(IndexerConfig config, Clock clock, PrintStream logOut) {
    return wire(config, clock, logOut).indexer();
  }

  static Wired wire(IndexerConfig config, Clock clock, PrintStream logOut) {
    JsonLog log = new JsonLog(config.serviceName(), config.logLevel(), logOut, clock);
    OpenSearchClient openSearch =
        new OpenSearchClient(OpenSearchClients.transport(
            config.openSearchEndpoint(), config.auth(), config.secretArn().orElse(""), Wiring::secret));
    Optional<DynamoDbClient> dynamoDb =
        config.tableName().isEmpty()
            ? Optional.empty()
            : Optional.of(dynamoDb(config).build());

    Optional<ItemReader> itemReader =
        config.tableName()
            .map(table -> new DynamoDbItemReader(dynamoDb.orElseThrow(), table, config.projection()));
    IdempotencyGuard idempotency =
        config.idempotencyEnabled()
            ? PowertoolsIdempotencyGuard.dynamoDb(
                dynamoDb(config)
                    .overrideConfiguration(o -> o.apiCallTimeout(IDEMPOTENCY_CALL_TIMEOUT)
                        .retryStrategy(r -> r.maxAttempts(IDEMPOTENCY_CALL_ATTEMPTS)))
                    .build(),
                config.idempotencyTable().orElseThrow(),
                config.idempotencyExpiry(),
                clock)
            : IdempotencyGuard.OFF;
    Optional<DeadLetterQueue> deadLetters =
        config.deadLetterQueueUrl()
            .map(url -> new SqsDeadLetterQueue(
                SqsClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .applyMutation(b -> config.awsEndpoints().sqs().ifPresent(b::endpointOverride))
                    .build(),
                url));
    RetryingBulkWriter writer =
        new RetryingBulkWriter(
            new OpenSearchBulkSender(openSearch),
            config.maxRetries(),
            Backoff.standard(),
            OpenSearchClients.REQUEST_TIMEOUT,
            clock,
            Sleeper.REAL);
    ParallelCalls calls =
        idempotency == IdempotencyGuard.OFF ? ParallelCalls.SEQUENTIAL : ParallelCalls.daemonPool("indexer-idempotency");
    MessageLog messageLog = new MessageLog(log, config.itemKeys());
    Router router = config.router();
    Optional<KeptDocumentStage> kept =
        config.replacesKeptDocuments()
            ? Optional.of(new KeptDocumentStage(
                new KeptDocuments(router.indices()), new OpenSearchLiveVersions(openSearch), messageLog))
            : Optional.empty();
    return new Wired(
        new Indexer(
            writer,
            new FetchStage(itemReader, Optional.of(router)),
            kept,
            idempotency,
            calls,
            deadLetters,
            clock,
            messageLog),
        new SnapStartPriming(openSearch, idempotency));
  }

  private static DynamoDbClientBuilder dynamoDb(IndexerConfig config) {
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .applyMutation(b -> config.awsEndpoints().dynamoDb().ifPresent(b::endpointOverride));
  }

  private static String secret(String arn) {
    try (SecretsManagerClient secrets =
        SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      return secrets.getSecretValue(request -> request.secretId(arn)).secretString();
    }
  }
}
