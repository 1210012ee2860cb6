package io.ddbsync.cli.local.engine;

import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.template.PipelineSettings.FunctionSettings;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.dynamodb.local.LocalDynamoDb;
import io.ddbsync.opensearch.embedded.EmbeddedOpenSearch;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The engines a local run needs, started on loopback in this JVM (OpenSearch, ElasticMQ) or as a
 * child process (dynalite), unless the user points at running ones. OpenSearch, the slowest to start,
 * starts in the background while the others come up.
 */
public final class LocalEngines implements AutoCloseable {

  private final List<AutoCloseable> started = new ArrayList<>();
  private URI openSearch;
  private URI sqs;
  private URI dynamoDb;

  public static LocalEngines start(
      Optional<URI> openSearchUrl,
      Optional<URI> sqsEndpoint,
      int sqsPort,
      Optional<URI> dynamoDbEndpoint,
      String region,
      Consumer<String> status) {
    if (sqsEndpoint.isEmpty() && sqsPort != 0) {
      LocalSqs.ensureFree(sqsPort); // before the slow start of OpenSearch
    }
    LocalEngines engines = new LocalEngines();
    CompletableFuture<URI> openSearch = CompletableFuture.completedFuture(null);
    try {
      if (openSearchUrl.isPresent()) {
        try (OpenSearchConnection given = OpenSearchConnection.plain(openSearchUrl.get())) {
          given.ensureReachable();
        }
        openSearch = CompletableFuture.completedFuture(openSearchUrl.get());
      } else {
        status.accept("starting OpenSearch 2.19 (embedded node)");
        openSearch = CompletableFuture.supplyAsync(() -> {
          EmbeddedOpenSearch node = EmbeddedOpenSearch.start();
          engines.register(node);
          return node.httpUri();
        });
      }
      if (sqsEndpoint.isPresent()) {
        engines.sqs = sqsEndpoint.get();
      } else {
        status.accept("starting SQS (ElasticMQ)");
        LocalSqs server = LocalSqs.start(sqsPort, region);
        engines.register(server);
        engines.sqs = server.endpoint();
      }
      if (dynamoDbEndpoint.isPresent()) {
        engines.dynamoDb = dynamoDbEndpoint.get();
      } else {
        status.accept("starting DynamoDB (dynalite)");
        LocalDynamoDb server = startDynalite();
        engines.register(server);
        engines.dynamoDb = server.endpoint();
      }
      engines.openSearch = join(openSearch);
      return engines;
    } catch (RuntimeException e) {
      openSearch.handle((uri, error) -> uri).join(); // a node still starting must be stopped too
      engines.close();
      throw e;
    }
  }

  private static LocalDynamoDb startDynalite() {
    try {
      return LocalDynamoDb.start();
    } catch (IllegalStateException e) {
      throw new UserError("cannot start dynalite: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static URI join(CompletableFuture<URI> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UserError user) {
        throw user;
      }
      throw new UserError("cannot start the embedded OpenSearch node: " + cause.getMessage(), cause);
    }
  }

  private synchronized void register(AutoCloseable engine) {
    started.add(engine);
  }

  public URI openSearch() {
    return openSearch;
  }

  public URI sqs() {
    return sqs;
  }

  public URI dynamoDb() {
    return dynamoDb;
  }

  /**
   * Fails if the dynalite behind {@link #dynamoDb()}, started by this JVM, has exited: the indexer's
   * idempotency calls would fail until the timeout, and its tables are gone, so waiting cannot help.
   */
  public void ensureDynamoDbRunning() {
    LocalDynamoDb.exitedAt(dynamoDb).ifPresent(exit -> {
      throw new UserError(exit.getMessage(), exit);
    });
  }

  /**
   * The indexer's variables that point at these engines and {@code queues} instead of AWS; tables the
   * template leaves unnamed are named after {@code stack}.
   */
  public Map<String, String> indexerOverrides(PipelineSettings settings, LocalQueues queues, String stack) {
    FunctionSettings indexer = settings.indexer();
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("OPENSEARCH_ENDPOINT", openSearch.toString());
    overrides.put("OPENSEARCH_AUTH", "none");
    overrides.put("OPENSEARCH_SECRET_ARN", "");
    overrides.put("DEAD_LETTER_QUEUE_URL", queues.deadLetters().toString());
    overrides.put("TABLE_NAME", indexer.environment().getOrDefault("TABLE_NAME", "").isBlank()
        ? stack + "-table" : indexer.environment().get("TABLE_NAME"));
    if (indexer.declared().contains("IDEMPOTENCY_TABLE")) {
      overrides.put("IDEMPOTENCY_TABLE", stack + "-idempotency");
    }
    overrides.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
    overrides.put("AWS_ENDPOINT_URL_SQS", sqs.toString());
    if (indexer.environment().getOrDefault("POWERTOOLS_SERVICE_NAME", "").isBlank()) {
      overrides.put("POWERTOOLS_SERVICE_NAME", stack + "-indexer");
    }
    return overrides;
  }

  /** Stops what this run started, last started first. */
  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // keep stopping the others
      }
    }
    started.clear();
  }
}
