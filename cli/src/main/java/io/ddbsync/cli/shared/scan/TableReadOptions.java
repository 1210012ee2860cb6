package io.ddbsync.cli.shared.scan;

import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * How a table is read and its items converted as the enrichment function does: where, how fast,
 * with which enrichment variables. The table itself is named by the command ({@code --table} for
 * backfill and verify, {@code --from-table} for reindex).
 */
public final class TableReadOptions {

  @Option(names = "--endpoint", description = "A DynamoDB-API endpoint instead of AWS, e.g. http://127.0.0.1:8000.")
  Optional<URI> endpoint = Optional.empty();

  @Option(names = "--segments", defaultValue = "4", description = "Parallel Scan segments, one thread each (default: ${DEFAULT-VALUE}).")
  int segments;

  @Option(names = "--rcu-limit", defaultValue = "0",
      description = "Read capacity units per second the scan may consume; 0 = no limit (default).")
  double rcuLimit;

  @Option(names = "--template", description = "pipeline.yaml: the enrichment's variables (KEY_ATTRIBUTES, ROUTES, …) come from it.")
  Optional<Path> template = Optional.empty();

  @Option(names = "--config", description = "Enrichment variable NAME=VALUE, overriding the template's (repeatable).")
  Map<String, String> config = new LinkedHashMap<>();

  @Option(names = "--clock-skew-seconds", defaultValue = "5",
      description = "Seconds taken off the scan start, for clock skew between this host and DynamoDB (default: ${DEFAULT-VALUE}).")
  long clockSkewSeconds;

  public int segments() {
    if (segments < 1 || segments > 1_000_000) {
      throw new UserError("--segments must be from 1 to 1000000 (DynamoDB's TotalSegments limit)");
    }
    return segments;
  }

  public EnrichmentConfig enrichment() {
    return EnrichmentSettings.load(template, config);
  }

  /** Now, less the clock skew allowed for: every stream change made after the scan starts is stamped later. */
  public long scanStartSeconds(Clock clock) {
    return clock.instant().getEpochSecond() - clockSkewSeconds;
  }

  public DynamoDbClient dynamoDb(Optional<String> region) {
    return AwsClients.dynamoDb(endpoint, region);
  }

  public DescribeTableResponse describe(DynamoDbClient dynamoDb, String table) {
    try {
      return dynamoDb.describeTable(b -> b.tableName(table));
    } catch (ResourceNotFoundException e) {
      throw new UserError("table " + table + " does not exist" + endpoint.map(u -> " at " + u).orElse(""));
    }
  }

  /** {@code pageSize} 0 = DynamoDB's own page size (1 MB). */
  public ParallelScan scan(DynamoDbClient dynamoDb, String table, int pageSize) {
    return new ParallelScan(dynamoDb, table, ReadCapacityLimiter.of(rcuLimit), pageSize);
  }
}
