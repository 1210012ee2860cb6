package io.ddbsync.cli.command.run;

import io.ddbsync.cli.local.pipe.LaneBatches;
import io.ddbsync.cli.local.pipe.PipeEmulator;
import io.ddbsync.cli.local.pipe.StreamFollower;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.streams.StreamReader;
import io.ddbsync.cli.shared.template.PipelineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The source of {@code run --table}: a real table's DynamoDB stream, followed read-only.
 *
 * @param endpoint a DynamoDB-compatible endpoint, or empty for AWS's
 * @param from where to start in the shards open now
 * @param untilIdle stop once the stream has been idle this long; empty follows until Ctrl-C
 */
record FollowedTable(String name, Optional<URI> endpoint, String region, ShardIteratorType from,
    Optional<Duration> untilIdle) {

  /** Parses {@code --from}: trim-horizon or latest. */
  static ShardIteratorType startingPosition(String from) {
    return switch (from) {
      case "trim-horizon" -> ShardIteratorType.TRIM_HORIZON;
      case "latest" -> ShardIteratorType.LATEST;
      default -> throw new UserError("--from must be trim-horizon or latest, not '" + from + "'");
    };
  }

  String source() {
    return "the stream of table " + name + endpoint.map(e -> " at " + e).orElse("");
  }

  /**
   * Points the indexer at the followed table for its fetches (GetItem), and turns idempotency off:
   * its store would be a table written at that endpoint, and nothing is written there. Repeated
   * messages are still harmless: external versions make the indexer answer 409 to what it already holds.
   */
  void pointIndexerAt(Map<String, String> overrides) {
    overrides.put("TABLE_NAME", name);
    overrides.put("IDEMPOTENCY_TABLE", "");
    if (endpoint.isEmpty()) {
      overrides.remove("AWS_ENDPOINT_URL_DYNAMODB");
    }
  }

  /**
   * Polls the table's stream into the pipe until Ctrl-C or {@code untilIdle}. Ctrl-C stops the
   * polling; the shutdown waits (at most {@code shutdownWait}) until {@code finished} is counted
   * down: what was read is indexed and the summary printed.
   */
  void follow(PipelineSettings settings, PipeEmulator pipe, Consumer<String> status, CountDownLatch finished,
      Duration shutdownWait) {
    try (DynamoDbClient tables = AwsClients.dynamoDb(endpoint, Optional.of(region));
        DynamoDbStreamsClient streams = AwsClients.streams(endpoint, Optional.of(region))) {
      String streamArn = streamArn(tables);
      StreamReader reader = new StreamReader(streams);
      StreamFollower follower = new StreamFollower(reader, streamArn, pipe::admit, pipe::deliver, new LaneBatches(
          settings.parallelizationFactor(), settings.pipeBatchSize(), Duration.ofSeconds(settings.batchingWindowSeconds())));
      Thread onCtrlC = new Thread(() -> {
        follower.stop();
        awaitQuietly(finished, shutdownWait);
      }, "ddbsync-follow-shutdown");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      try {
        follower.follow(from, untilIdle);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook runs and waits for the summary
        }
      }
      status.accept("read " + follower.read() + " records from " + streamArn
          + (reader.throttled() > 0 ? ", " + reader.throttled() + " calls throttled" : "")
          + (reader.renewed() > 0 ? ", " + reader.renewed() + " expired iterators renewed" : ""));
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration wait) {
    try {
      latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String streamArn(DynamoDbClient tables) {
    TableDescription description;
    try {
      description = tables.describeTable(b -> b.tableName(name)).table();
    } catch (ResourceNotFoundException e) {
      throw new UserError("table " + name + " does not exist" + endpoint.map(u -> " at " + u).orElse(" in " + region));
    }
    if (description.latestStreamArn() == null || description.streamSpecification() == null
        || !Boolean.TRUE.equals(description.streamSpecification().streamEnabled())) {
      throw new UserError("table " + name + " has no stream: enable one with StreamViewType NEW_AND_OLD_IMAGES"
          + " (aws dynamodb update-table --table-name " + name
          + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES)");
    }
    return description.latestStreamArn();
  }
}
