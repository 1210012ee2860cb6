package io.ddbsync.cli.command.run;

import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.dynamodb.local.SharedDynamoDb;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One set of engines for every test class of this JVM (OpenSearch, ElasticMQ, dynalite): each run
 * points at them with --opensearch, --sqs-endpoint and --dynamodb-endpoint, and keeps to its own
 * queues and tables (--stack) and indices (its env-vars), so runs never see each other's data.
 */
public final class TestEngines {

  private static LocalSqs sqs;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private TestEngines() {}

  static synchronized URI sqs() {
    if (sqs == null) {
      LocalSqs started = LocalSqs.start(0, "us-east-1");
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-sqs-shutdown"));
      sqs = started;
    }
    return sqs.endpoint();
  }

  /** The options that send a run to the shared engines, under a stack name of its own. */
  public static List<String> options() {
    return List.of(
        "--opensearch", SharedOpenSearch.uri().toString(),
        "--sqs-endpoint", sqs().toString(),
        "--dynamodb-endpoint", SharedDynamoDb.endpoint().toString(),
        "--stack", "test" + RUNS.incrementAndGet());
  }
}
