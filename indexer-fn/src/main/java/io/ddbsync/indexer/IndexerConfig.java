package io.ddbsync.indexer;

import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.opensearch.client.AuthMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The indexer's settings, read once from environment variables (the names used in pipeline.yaml) and
 * validated at start: a bad value fails the cold start with a message naming the variable.
 *
 * @param tableName the source table, for the consistent GetItem of fetch messages (empty = none)
 * @param deadLetterQueueUrl where permanent failures go (empty = report them failed, so that the
 *     queue's own redrive policy moves them after maxReceiveCount)
 * @param idempotencyTable the Powertools idempotency table (empty = idempotency off)
 * @param indexedAttributes the same projection as the enrichment's, applied to fetched items
 * @param itemKeys how logs name items ({@code LOG_ITEM_KEYS}, {@code LOG_KEY_HASH_SECRET})
 * @param awsEndpoints AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS when set: what the SDK would
 *     read from the process environment, read here so that functions run in one process (the CLI)
 *     can each have their own
 */
public record IndexerConfig(
    URI openSearchEndpoint,
    AuthMode auth,
    String secretArn,
    String tableName,
    String deadLetterQueueUrl,
    String idempotencyTable,
    Duration idempotencyExpiry,
    int maxRetries,
    Set<String> indexedAttributes,
    Set<String> ignoredAttributes,
    String serviceName,
    String metricsNamespace,
    String logLevel,
    ItemKeyHash itemKeys,
    AwsEndpoints awsEndpoints) {

  /** Endpoint overrides of the AWS SDK clients; empty means the SDK's own resolution. */
  public record AwsEndpoints(Optional<URI> dynamoDb, Optional<URI> sqs) {}

  public static final int MAX_RETRIES_LIMIT = 10;

  public IndexerConfig {
    indexedAttributes = Set.copyOf(indexedAttributes);
    ignoredAttributes = Set.copyOf(ignoredAttributes);
  }

  public static IndexerConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads and validates {@code env}; throws IllegalArgumentException naming the variable. */
  public static IndexerConfig from(Map<String, String> env) {
    URI endpoint = endpoint(value(env, "OPENSEARCH_ENDPOINT"));
    AuthMode auth = AuthMode.parse(value(env, "OPENSEARCH_AUTH", "none").toLowerCase(Locale.ROOT));
    String secretArn = value(env, "OPENSEARCH_SECRET_ARN");
    if (auth == AuthMode.BASIC && secretArn.isEmpty()) {
      throw new IllegalArgumentException(
          "OPENSEARCH_SECRET_ARN must name a Secrets Manager secret with username and password"
              + " when OPENSEARCH_AUTH is basic");
    }
    if (auth != AuthMode.BASIC && !secretArn.isEmpty()) {
      throw new IllegalArgumentException(
          "OPENSEARCH_SECRET_ARN is only used with OPENSEARCH_AUTH=basic, but OPENSEARCH_AUTH is "
              + value(env, "OPENSEARCH_AUTH", "none"));
    }
    if ((auth == AuthMode.SIGV4_ES || auth == AuthMode.SIGV4_AOSS)
        && !"https".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException(
          "OPENSEARCH_ENDPOINT must be an https:// URL with OPENSEARCH_AUTH=sigv4-es or sigv4-aoss");
    }
    String queueUrl = value(env, "DEAD_LETTER_QUEUE_URL");
    if (!queueUrl.isEmpty()) {
      absoluteUrl("DEAD_LETTER_QUEUE_URL", queueUrl);
    }
    long expiry = integer(env, "IDEMPOTENCY_EXPIRY_SECONDS", 3600, 1, 30L * 24 * 3600);
    int maxRetries = (int) integer(env, "MAX_RETRIES", 3, 0, MAX_RETRIES_LIMIT);
    return new IndexerConfig(
        endpoint,
        auth,
        secretArn,
        value(env, "TABLE_NAME"),
        queueUrl,
        value(env, "IDEMPOTENCY_TABLE"),
        Duration.ofSeconds(expiry),
        maxRetries,
        list(value(env, "INDEXED_ATTRIBUTES")),
        list(value(env, "IGNORED_ATTRIBUTES")),
        value(env, "POWERTOOLS_SERVICE_NAME", "ddbsync-indexer"),
        value(env, "POWERTOOLS_METRICS_NAMESPACE", "ddbsync"),
        logLevel(value(env, "LOG_LEVEL", "INFO")),
        ItemKeyHash.fromEnvironment(env),
        new AwsEndpoints(optionalUrl(env, "AWS_ENDPOINT_URL_DYNAMODB"), optionalUrl(env, "AWS_ENDPOINT_URL_SQS")));
  }

  public boolean idempotencyEnabled() {
    return !idempotencyTable.isEmpty();
  }

  public Optional<String> deadLetterQueue() {
    return deadLetterQueueUrl.isEmpty() ? Optional.empty() : Optional.of(deadLetterQueueUrl);
  }

  private static URI endpoint(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "OPENSEARCH_ENDPOINT is required: the OpenSearch URL, e.g. https://search-x.eu-west-1.es.amazonaws.com");
    }
    URI uri = absoluteUrl("OPENSEARCH_ENDPOINT", text);
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      throw new IllegalArgumentException(
          "OPENSEARCH_ENDPOINT must be scheme://host[:port] without a path, not '" + text + "'");
    }
    return uri;
  }

  private static Optional<URI> optionalUrl(Map<String, String> env, String name) {
    String text = value(env, name);
    return text.isEmpty() ? Optional.empty() : Optional.of(absoluteUrl(name, text));
  }

  private static URI absoluteUrl(String name, String text) {
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException(name + " must be an http:// or https:// URL, not '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a URL: " + e.getMessage());
    }
  }

  private static long integer(Map<String, String> env, String name, long fallback, long min, long max) {
    String text = value(env, name);
    if (text.isEmpty()) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, not '" + text + "'");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + parsed);
    }
    return parsed;
  }

  private static String logLevel(String text) {
    String level = text.toUpperCase(Locale.ROOT);
    if (!Set.of("DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
      throw new IllegalArgumentException("LOG_LEVEL must be DEBUG, INFO, WARN or ERROR, not '" + text + "'");
    }
    return level;
  }

  private static Set<String> list(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String value(Map<String, String> env, String name) {
    return value(env, name, "");
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
