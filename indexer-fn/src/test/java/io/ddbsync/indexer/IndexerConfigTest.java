package io.ddbsync.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.function.config.ConfigurationException;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.item.diff.Projection;
import io.ddbsync.item.route.Route;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.opensearch.client.AuthMode;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexerConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("OPENSEARCH_ENDPOINT", "http://localhost:9200");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void keptDocumentsAreLookedForOnlyWithTtlKeepAndSeveralRoutedIndices() {
    assertThat(IndexerConfig.fromEnv(env("TTL_EXPIRY", "keep", "ROUTES", "entityType=Order=>orders"))
        .replacesKeptDocuments()).as("orders and the default index").isTrue();
    assertThat(IndexerConfig.fromEnv(env("TTL_EXPIRY", "keep", "ROUTES", "entityType=Order=>orders", "DEFAULT_INDEX", ""))
        .replacesKeptDocuments()).as("one index").isFalse();
    assertThat(IndexerConfig.fromEnv(env("TTL_EXPIRY", "keep", "ROUTES", "entityType=Order=>items"))
        .replacesKeptDocuments()).as("the route names the default index").isFalse();
    assertThat(IndexerConfig.fromEnv(env("TTL_EXPIRY", "delete", "ROUTES", "entityType=Order=>orders"))
        .replacesKeptDocuments()).as("expiries delete").isFalse();
  }

  @Test
  void onlyTheEndpointIsRequiredAndTheRestHasDefaults() {
    IndexerConfig config = IndexerConfig.fromEnv(env());

    assertThat(config.openSearchEndpoint()).hasToString("http://localhost:9200");
    assertThat(config.auth()).isEqualTo(AuthMode.NONE);
    assertThat(config.secretArn()).isEmpty();
    assertThat(config.idempotencyEnabled()).isFalse();
    assertThat(config.idempotencyExpiry()).isEqualTo(Duration.ofHours(1));
    assertThat(config.maxRetries()).isEqualTo(3);
    assertThat(config.deadLetterQueueUrl()).isEmpty();
    assertThat(config.tableName()).isEmpty();
    assertThat(config.projection()).isEqualTo(Projection.ALL);
    assertThat(config.routes()).isEmpty();
    assertThat(config.defaultIndex()).contains("items");
    assertThat(config.ttlExpiry()).isEqualTo(TtlExpiry.DELETE);
    assertThat(config.serviceName()).isEqualTo("ddbsync-indexer");
    assertThat(config.metricsNamespace()).isEqualTo("ddbsync");
    assertThat(config.logLevel()).isEqualTo(JsonLog.Level.INFO);
    assertThat(config.itemKeys().mode()).isEqualTo(ItemKeyHash.Mode.HASHED);
    assertThat(config.awsEndpoints()).isEqualTo(new IndexerConfig.AwsEndpoints(Optional.empty(), Optional.empty()));
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env = env(
        "OPENSEARCH_ENDPOINT", "https://search.example.com",
        "OPENSEARCH_AUTH", "basic",
        "OPENSEARCH_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:os",
        "TABLE_NAME", "orders",
        "DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/dlq.fifo",
        "IDEMPOTENCY_TABLE", "idem",
        "IDEMPOTENCY_EXPIRY_SECONDS", "600",
        "MAX_RETRIES", "5",
        "INDEXED_ATTRIBUTES", "pk, total",
        "IGNORED_ATTRIBUTES", "updatedAt",
        "ROUTES", "entityType=Order=>orders",
        "DEFAULT_INDEX", "things",
        "TTL_EXPIRY", "keep",
        "POWERTOOLS_SERVICE_NAME", "stack-indexer",
        "POWERTOOLS_METRICS_NAMESPACE", "sync",
        "LOG_LEVEL", "debug",
        "LOG_ITEM_KEYS", "plain",
        "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
        "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324");
    assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(IndexerVariable.values()).map(Enum::name).filter(n -> !n.equals("LOG_KEY_HASH_SECRET")).toList());

    IndexerConfig config = IndexerConfig.fromEnv(env);

    assertThat(config.auth()).isEqualTo(AuthMode.BASIC);
    assertThat(config.secretArn()).contains("arn:aws:secretsmanager:eu-west-1:1:secret:os");
    assertThat(config.tableName()).contains("orders");
    assertThat(config.deadLetterQueueUrl()).contains("https://sqs.eu-west-1.amazonaws.com/1/dlq.fifo");
    assertThat(config.idempotencyTable()).contains("idem");
    assertThat(config.idempotencyExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.maxRetries()).isEqualTo(5);
    assertThat(config.projection()).isEqualTo(new Projection(Set.of("pk", "total"), Set.of("updatedAt")));
    assertThat(config.routes()).containsExactly(new Route("entityType", Route.Match.EQUALS, "Order", "orders"));
    assertThat(config.defaultIndex()).contains("things");
    assertThat(config.ttlExpiry()).isEqualTo(TtlExpiry.KEEP);
    assertThat(config.serviceName()).isEqualTo("stack-indexer");
    assertThat(config.metricsNamespace()).isEqualTo("sync");
    assertThat(config.logLevel()).isEqualTo(JsonLog.Level.DEBUG);
    assertThat(config.itemKeys()).isEqualTo(ItemKeyHash.plain());
    assertThat(config.awsEndpoints()).isEqualTo(new IndexerConfig.AwsEndpoints(
        Optional.of(URI.create("http://127.0.0.1:8000")), Optional.of(URI.create("http://127.0.0.1:9324"))));
  }

  @Test
  void emptyDefaultIndexMeansNone() {
    assertThat(IndexerConfig.fromEnv(env("DEFAULT_INDEX", "")).defaultIndex()).isEqualTo(Optional.empty());
  }

  @Test
  void missingEndpointIsNamed() {
    Map<String, String> env = env();
    env.remove("OPENSEARCH_ENDPOINT");
    assertRefused(env, "OPENSEARCH_ENDPOINT", "OPENSEARCH_ENDPOINT: is required");
  }

  @Test
  void endpointMustBeAnHttpUrlWithoutPath() {
    assertRefused(env("OPENSEARCH_ENDPOINT", "localhost:9200"), "OPENSEARCH_ENDPOINT", "OPENSEARCH_ENDPOINT: must be an http");
    assertRefused(env("OPENSEARCH_ENDPOINT", "http://h:9200/orders"), "OPENSEARCH_ENDPOINT",
        "OPENSEARCH_ENDPOINT: must be scheme://host[:port] without a path");
  }

  @Test
  void unknownAuthModeIsNamed() {
    assertThatThrownBy(() -> IndexerConfig.fromEnv(env("OPENSEARCH_AUTH", "iam")))
        .hasMessage("OPENSEARCH_AUTH: expected none, basic, sigv4-es or sigv4-aoss, got 'iam'");
  }

  @Test
  void basicAuthNeedsTheSecretAndOnlyBasicTakesOne() {
    assertRefused(env("OPENSEARCH_AUTH", "basic"), "OPENSEARCH_SECRET_ARN", "OPENSEARCH_SECRET_ARN: must name a Secrets Manager secret");
    assertRefused(env("OPENSEARCH_SECRET_ARN", "arn:x"), "OPENSEARCH_SECRET_ARN", "OPENSEARCH_SECRET_ARN: is only used with OPENSEARCH_AUTH=basic");
  }

  @Test
  void sigv4NeedsHttps() {
    assertRefused(env("OPENSEARCH_AUTH", "sigv4-aoss"), "OPENSEARCH_ENDPOINT", "OPENSEARCH_ENDPOINT: must be an https:// URL");
    assertThat(
            IndexerConfig.fromEnv(env("OPENSEARCH_AUTH", "sigv4-aoss", "OPENSEARCH_ENDPOINT", "https://x.aoss.amazonaws.com"))
                .auth())
        .isEqualTo(AuthMode.SIGV4_AOSS);
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    assertRefused(env("MAX_RETRIES", "many"), "MAX_RETRIES", "MAX_RETRIES: expected a whole number from 0 to 10, got 'many'");
    assertRefused(env("MAX_RETRIES", "11"), "MAX_RETRIES", "MAX_RETRIES: expected a whole number from 0 to 10, got 11");
    assertRefused(env("IDEMPOTENCY_EXPIRY_SECONDS", "0"), "IDEMPOTENCY_EXPIRY_SECONDS", "IDEMPOTENCY_EXPIRY_SECONDS: expected");
    assertRefused(env("DEAD_LETTER_QUEUE_URL", "dlq.fifo"), "DEAD_LETTER_QUEUE_URL", "DEAD_LETTER_QUEUE_URL: must be an http");
    assertRefused(env("LOG_LEVEL", "chatty"), "LOG_LEVEL", "LOG_LEVEL: expected");
    assertRefused(env("LOG_ITEM_KEYS", "clear"), "LOG_ITEM_KEYS", "LOG_ITEM_KEYS: expected hashed or plain");
    assertRefused(env("ROUTES", "entityType=Order"), "ROUTES", "ROUTES: rule");
    assertRefused(env("DEFAULT_INDEX", "Items"), "DEFAULT_INDEX", "DEFAULT_INDEX: 'Items' is not a valid");
    assertRefused(env("TTL_EXPIRY", "archive"), "TTL_EXPIRY", "TTL_EXPIRY: expected delete or keep");
    assertRefused(env("AWS_ENDPOINT_URL_SQS", "localhost:9324"), "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SQS: must be an http");
  }

  private static void assertRefused(Map<String, String> env, String variable, String messageStart) {
    assertThatThrownBy(() -> IndexerConfig.fromEnv(env))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessageStartingWith(messageStart);
  }

}
