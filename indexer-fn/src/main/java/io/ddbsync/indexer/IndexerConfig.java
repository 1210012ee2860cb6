package io.ddbsync.indexer;

import static io.ddbsync.indexer.IndexerVariable.AWS_ENDPOINT_URL_DYNAMODB;
import static io.ddbsync.indexer.IndexerVariable.AWS_ENDPOINT_URL_SQS;
import static io.ddbsync.indexer.IndexerVariable.DEAD_LETTER_QUEUE_URL;
import static io.ddbsync.indexer.IndexerVariable.DEFAULT_INDEX;
import static io.ddbsync.indexer.IndexerVariable.IDEMPOTENCY_EXPIRY_SECONDS;
import static io.ddbsync.indexer.IndexerVariable.IDEMPOTENCY_TABLE;
import static io.ddbsync.indexer.IndexerVariable.IGNORED_ATTRIBUTES;
import static io.ddbsync.indexer.IndexerVariable.INDEXED_ATTRIBUTES;
import static io.ddbsync.indexer.IndexerVariable.LOG_ITEM_KEYS;
import static io.ddbsync.indexer.IndexerVariable.LOG_KEY_HASH_SECRET;
import static io.ddbsync.indexer.IndexerVariable.LOG_LEVEL;
import static io.ddbsync.indexer.IndexerVariable.MAX_RETRIES;
import static io.ddbsync.indexer.IndexerVariable.OPENSEARCH_AUTH;
import static io.ddbsync.indexer.IndexerVariable.OPENSEARCH_ENDPOINT;
import static io.ddbsync.indexer.IndexerVariable.OPENSEARCH_SECRET_ARN;
import static io.ddbsync.indexer.IndexerVariable.POWERTOOLS_METRICS_NAMESPACE;
import static io.ddbsync.indexer.IndexerVariable.POWERTOOLS_SERVICE_NAME;
import static io.ddbsync.indexer.IndexerVariable.ROUTES;
import static io.ddbsync.indexer.IndexerVariable.TABLE_NAME;
import static io.ddbsync.indexer.IndexerVariable.TTL_EXPIRY;

import io.ddbsync.function.config.ConfigurationException;
import io.ddbsync.function.config.Environment;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.item.diff.Projection;
import io.ddbsync.item.route.Route;
import io.ddbsync.item.route.Router;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.opensearch.client.AuthMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The indexer's settings, read once from its environment ({@link IndexerVariable} lists the names, as
 * in {@code pipeline.yaml}) and validated at start: a bad value fails the cold start with a
 * {@link ConfigurationException} naming the variable. An unset or empty variable takes its default,
 * except {@code DEFAULT_INDEX}, where empty means "no default index".
 *
 * @param secretArn {@code OPENSEARCH_SECRET_ARN}: the username and password, with basic auth only
 * @param tableName {@code TABLE_NAME}: the source table, for the consistent GetItem of fetch messages
 * @param deadLetterQueueUrl {@code DEAD_LETTER_QUEUE_URL}: where permanent failures go (empty = report
 *     them failed, so that the queue's own redrive policy moves them after maxReceiveCount)
 * @param idempotencyTable {@code IDEMPOTENCY_TABLE}: the Powertools idempotency table (empty = off)
 * @param projection {@code INDEXED_ATTRIBUTES} and {@code IGNORED_ATTRIBUTES}: the enrichment's
 *     projection, applied to fetched items
 * @param routes {@code ROUTES}, the enrichment's, to route fetched items (first match wins)
 * @param defaultIndex {@code DEFAULT_INDEX}, the enrichment's: the index of items no route matches
 * @param ttlExpiry {@code TTL_EXPIRY}, the enrichment's: what a time-to-live expiry does to the document
 * @param itemKeys how logs name items ({@code LOG_ITEM_KEYS}, {@code LOG_KEY_HASH_SECRET})
 * @param awsEndpoints {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SQS} when set: what
 *     the SDK would read from the process environment, read here so that functions run in one
 *     process (the CLI) can each have their own
 */
public record IndexerConfig(
    URI openSearchEndpoint,
    AuthMode auth,
    Optional<String> secretArn,
    Optional<String> tableName,
    Optional<String> deadLetterQueueUrl,
    Optional<String> idempotencyTable,
    Duration idempotencyExpiry,
    int maxRetries,
    Projection projection,
    List<Route> routes,
    Optional<String> defaultIndex,
    TtlExpiry ttlExpiry,
    String serviceName,
    String metricsNamespace,
    JsonLog.Level logLevel,
    ItemKeyHash itemKeys,
    AwsEndpoints awsEndpoints) {

  /** Endpoint overrides of the AWS SDK clients; empty means the SDK's own resolution. */
  public record AwsEndpoints(Optional<URI> dynamoDb, Optional<URI> sqs) {}

  public static final int MAX_RETRIES_LIMIT = 10;

  public IndexerConfig {
    routes = List.copyOf(routes);
  }

  /** Lambda's configuration: the process environment. */
  public static IndexerConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Reads and checks the variables ({@link IndexerVariable}).
   *
   * @throws ConfigurationException naming the first bad variable
   */
  public static IndexerConfig fromEnv(Map<String, String> variables) {
    Environment env = new Environment(variables);
    URI endpoint = endpoint(env);
    AuthMode auth = env.choice(OPENSEARCH_AUTH, AuthMode.class);
    Optional<String> secretArn = env.optional(OPENSEARCH_SECRET_ARN);
    if (auth == AuthMode.BASIC && secretArn.isEmpty()) {
      throw new ConfigurationException(
          OPENSEARCH_SECRET_ARN,
          "must name a Secrets Manager secret with username and password when OPENSEARCH_AUTH is basic");
    }
    if (auth != AuthMode.BASIC && secretArn.isPresent()) {
      throw new ConfigurationException(
          OPENSEARCH_SECRET_ARN,
          "is only used with OPENSEARCH_AUTH=basic, but OPENSEARCH_AUTH is " + env.text(OPENSEARCH_AUTH));
    }
    if ((auth == AuthMode.SIGV4_ES || auth == AuthMode.SIGV4_AOSS) && !"https".equals(endpoint.getScheme())) {
      throw new ConfigurationException(
          OPENSEARCH_ENDPOINT, "must be an https:// URL with OPENSEARCH_AUTH=sigv4-es or sigv4-aoss");
    }
    Optional<String> queueUrl = env.optional(DEAD_LETTER_QUEUE_URL);
    queueUrl.ifPresent(url -> env.parsed(DEAD_LETTER_QUEUE_URL, url, IndexerConfig::httpUrl));
    return new IndexerConfig(
        endpoint,
        auth,
        secretArn,
        env.optional(TABLE_NAME),
        queueUrl,
        env.optional(IDEMPOTENCY_TABLE),
        Duration.ofSeconds(env.integer(IDEMPOTENCY_EXPIRY_SECONDS, 1, 30L * 24 * 3600)),
        (int) env.integer(MAX_RETRIES, 0, MAX_RETRIES_LIMIT),
        new Projection(Set.copyOf(env.list(INDEXED_ATTRIBUTES)), Set.copyOf(env.list(IGNORED_ATTRIBUTES))),
        env.parsed(ROUTES, env.text(ROUTES), Router::parseRoutes),
        env.parsed(DEFAULT_INDEX, env.textKeepingEmpty(DEFAULT_INDEX), Router::parseDefaultIndex),
        env.choice(TTL_EXPIRY, TtlExpiry.class),
        env.text(POWERTOOLS_SERVICE_NAME),
        env.text(POWERTOOLS_METRICS_NAMESPACE),
        env.choice(LOG_LEVEL, JsonLog.Level.class),
        new ItemKeyHash(env.choice(LOG_ITEM_KEYS, ItemKeyHash.Mode.class), env.text(LOG_KEY_HASH_SECRET)),
        new AwsEndpoints(
            env.optional(AWS_ENDPOINT_URL_DYNAMODB).map(url -> env.parsed(AWS_ENDPOINT_URL_DYNAMODB, url, IndexerConfig::httpUrl)),
            env.optional(AWS_ENDPOINT_URL_SQS).map(url -> env.parsed(AWS_ENDPOINT_URL_SQS, url, IndexerConfig::httpUrl))));
  }

  public boolean idempotencyEnabled() {
    return idempotencyTable.isPresent();
  }

  /** {@code ROUTES} and {@code DEFAULT_INDEX}, to route fetched items. */
  public Router router() {
    return new Router(routes, defaultIndex);
  }

  /**
   * Whether the indexer looks for kept documents to replace ({@code KeptDocumentStage}): only a TTL
   * expiry kept by {@code TTL_EXPIRY=keep} leaves a document live without a later change of its own,
   * and only with more than one routed index can the key come back in another.
   */
  public boolean replacesKeptDocuments() {
    return ttlExpiry == TtlExpiry.KEEP && router().indices().size() > 1;
  }

  private static URI endpoint(Environment env) {
    String text = env.text(OPENSEARCH_ENDPOINT);
    if (text.isEmpty()) {
      throw new ConfigurationException(
          OPENSEARCH_ENDPOINT, "is required: the OpenSearch URL, e.g. https://search-x.eu-west-1.es.amazonaws.com");
    }
    URI uri = env.parsed(OPENSEARCH_ENDPOINT, text, IndexerConfig::httpUrl);
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      throw new ConfigurationException(OPENSEARCH_ENDPOINT, "must be scheme://host[:port] without a path, not '" + text + "'");
    }
    return uri;
  }

  private static URI httpUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL: " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("must be an http:// or https:// URL, not '" + text + "'");
    }
    return uri;
  }
}
