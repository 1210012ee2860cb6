package io.ddbsync.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The two deployable jars, found from the repository root (the working directory), and the
 * environment each function gets in the child JVMs: the variables pipeline.yaml sets, with values
 * that need no AWS account, plus those Lambda itself sets (region, credentials).
 */
final class LambdaJars {

  static final Path ENRICHMENT = Path.of("enrichment-fn", "target", "enrichment-fn.jar");
  static final Path INDEXER = Path.of("indexer-fn", "target", "indexer-fn.jar");

  private LambdaJars() {}

  static Path require(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath() + " does not exist: run from the repository root after"
              + " `mvn -q -B -pl benchmarks -am install -DskipTests`");
    }
    return jar;
  }

  static long size(Path jar) {
    try {
      return Files.size(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration of the enrichment benchmarks (BENCHMARKS.md), at the deployed log level. */
  static Map<String, String> enrichmentEnv() {
    Map<String, String> env = lambdaEnv();
    env.put("KEY_ATTRIBUTES", "pk,sk");
    env.put("ROUTES", "pk^CUSTOMER#=>customers;entityType=Order=>orders");
    env.put("IGNORED_ATTRIBUTES", "updatedAt");
    return env;
  }

  /**
   * As pipeline.yaml deploys the indexer, except where said: TABLE_NAME and DEAD_LETTER_QUEUE_URL
   * are set, so both SDK clients are built at start as in Lambda (neither is called on a batch of
   * upserts); idempotency is on only when {@code dynamoDbEndpoint} is given.
   */
  static Map<String, String> indexerEnv(URI openSearch, String idempotencyTable, String dynamoDbEndpoint) {
    Map<String, String> env = lambdaEnv();
    env.put("OPENSEARCH_ENDPOINT", openSearch.toString());
    env.put("OPENSEARCH_AUTH", "none");
    env.put("TABLE_NAME", "ddbsync-cold-start");
    env.put("DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/000000000000/ddbsync-dead-letters.fifo");
    env.put("IDEMPOTENCY_TABLE", idempotencyTable);
    if (!dynamoDbEndpoint.isEmpty()) {
      env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint);
    }
    env.put("IGNORED_ATTRIBUTES", "updatedAt");
    return env;
  }

  /** What Lambda puts in every function's environment, with dummy credentials. */
  private static Map<String, String> lambdaEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_DEFAULT_REGION", "eu-west-1");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("AWS_SESSION_TOKEN", "local");
    env.put("LOG_LEVEL", "INFO");
    return env;
  }

  /**
   * Deletes and re-creates {@code indices} (one shard, no replica) on the node, so that each child
   * writes new documents into an index that exists, as in production, instead of paying for index
   * creation or getting 409s for what the previous child wrote.
   */
  static void recreate(HttpClient http, URI node, Set<String> indices) {
    for (String index : indices) {
      send(http, HttpRequest.newBuilder(node.resolve("/" + index)).DELETE().build(), Set.of(200, 404));
      send(
          http,
          HttpRequest.newBuilder(node.resolve("/" + index))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(
                  "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}"))
              .build(),
          Set.of(200));
      send(
          http,
          HttpRequest.newBuilder(node.resolve("/_cluster/health/" + index + "?wait_for_status=green&timeout=30s"))
              .GET()
              .build(),
          Set.of(200));
    }
  }

  private static void send(HttpClient http, HttpRequest request, Set<Integer> expected) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (!expected.contains(response.statusCode())) {
        throw new IllegalStateException(
            request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
