package io.ddbsync.indexer;

import io.ddbsync.opensearch.client.AuthMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
  void onlyTheEndpointIsRequiredAndTheRestHasDefaults() {
    IndexerConfig config = IndexerConfig.from(env());

    assertThat(config.openSearchEndpoint()).hasToString("http://localhost:9200");
    assertThat(config.auth()).isEqualTo(AuthMode.NONE);
    assertThat(config.idempotencyEnabled()).isFalse();
    assertThat(config.idempotencyExpiry()).isEqualTo(Duration.ofHours(1));
    assertThat(config.maxRetries()).isEqualTo(3);
    assertThat(config.deadLetterQueue()).isEmpty();
    assertThat(config.tableName()).isEmpty();
    assertThat(config.logLevel()).isEqualTo("INFO");
  }

  @Test
  void everyVariableIsRead() {
    IndexerConfig config =
        IndexerConfig.from(
            env(
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
                "LOG_LEVEL", "debug"));

    assertThat(config.auth()).isEqualTo(AuthMode.BASIC);
    assertThat(config.tableName()).isEqualTo("orders");
    assertThat(config.deadLetterQueue()).contains("https://sqs.eu-west-1.amazonaws.com/1/dlq.fifo");
    assertThat(config.idempotencyEnabled()).isTrue();
    assertThat(config.idempotencyExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.maxRetries()).isEqualTo(5);
    assertThat(config.indexedAttributes()).containsExactlyInAnyOrder("pk", "total");
    assertThat(config.ignoredAttributes()).containsExactly("updatedAt");
    assertThat(config.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void missingEndpointIsNamed() {
    Map<String, String> env = env();
    env.remove("OPENSEARCH_ENDPOINT");
    assertThatThrownBy(() -> IndexerConfig.from(env)).hasMessageStartingWith("OPENSEARCH_ENDPOINT is required");
  }

  @Test
  void endpointMustBeAnHttpUrlWithoutPath() {
    assertThatThrownBy(() -> IndexerConfig.from(env("OPENSEARCH_ENDPOINT", "localhost:9200")))
        .hasMessageContaining("OPENSEARCH_ENDPOINT");
    assertThatThrownBy(() -> IndexerConfig.from(env("OPENSEARCH_ENDPOINT", "http://h:9200/orders")))
        .hasMessageContaining("OPENSEARCH_ENDPOINT must be scheme://host[:port] without a path");
  }

  @Test
  void unknownAuthModeIsNamed() {
    assertThatThrownBy(() -> IndexerConfig.from(env("OPENSEARCH_AUTH", "iam")))
        .hasMessage("OPENSEARCH_AUTH must be none, basic, sigv4-es or sigv4-aoss, not 'iam'");
  }

  @Test
  void basicAuthNeedsTheSecret() {
    assertThatThrownBy(() -> IndexerConfig.from(env("OPENSEARCH_AUTH", "basic")))
        .hasMessageStartingWith("OPENSEARCH_SECRET_ARN must name a Secrets Manager secret");
  }

  @Test
  void sigv4NeedsHttps() {
    assertThatThrownBy(() -> IndexerConfig.from(env("OPENSEARCH_AUTH", "sigv4-aoss")))
        .hasMessageContaining("https://");
    assertThat(
            IndexerConfig.from(env("OPENSEARCH_AUTH", "sigv4-aoss", "OPENSEARCH_ENDPOINT", "https://x.aoss.amazonaws.com"))
                .auth())
        .isEqualTo(AuthMode.SIGV4_AOSS);
  }

  @Test
  void numbersAreValidatedWithTheVariableName() {
    assertThatThrownBy(() -> IndexerConfig.from(env("MAX_RETRIES", "many")))
        .hasMessage("MAX_RETRIES must be an integer, not 'many'");
    assertThatThrownBy(() -> IndexerConfig.from(env("MAX_RETRIES", "11")))
        .hasMessage("MAX_RETRIES must be between 0 and 10, not 11");
    assertThatThrownBy(() -> IndexerConfig.from(env("IDEMPOTENCY_EXPIRY_SECONDS", "0")))
        .hasMessageStartingWith("IDEMPOTENCY_EXPIRY_SECONDS must be between 1");
  }

  @Test
  void deadLetterQueueUrlMustBeAUrl() {
    assertThatThrownBy(() -> IndexerConfig.from(env("DEAD_LETTER_QUEUE_URL", "dlq.fifo")))
        .hasMessageStartingWith("DEAD_LETTER_QUEUE_URL");
  }

  @Test
  void logLevelIsValidated() {
    assertThatThrownBy(() -> IndexerConfig.from(env("LOG_LEVEL", "chatty"))).hasMessageStartingWith("LOG_LEVEL");
  }

  @Test
  void awsEndpointsAreReadWhenSetAndLeftToTheSdkOtherwise() {
    IndexerConfig config =
        IndexerConfig.from(env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "AWS_ENDPOINT_URL_SQS", ""));

    assertThat(config.awsEndpoints().dynamoDb()).contains(java.net.URI.create("http://127.0.0.1:8000"));
    assertThat(config.awsEndpoints().sqs()).isEmpty();
    assertThatThrownBy(() -> IndexerConfig.from(env("AWS_ENDPOINT_URL_SQS", "localhost:9324")))
        .hasMessageStartingWith("AWS_ENDPOINT_URL_SQS must be an http:// or https:// URL");
  }
}
