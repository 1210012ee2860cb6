package io.ddbsync.cli.shared.scan;

import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuthOption;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The options of the commands that scan a table and convert its items as the enrichment function
 * does (backfill, verify): which table, where, how fast, with which enrichment variables, and how
 * their requests to OpenSearch are signed.
 */
public final class TableScanOptions {

  @Option(names = "--table", required = true, description = "The DynamoDB table.")
  String table;

  @Option(names = "--endpoint", description = "A DynamoDB-API endpoint instead of AWS, e.g. http://127.0.0.1:8000.")
  Optional<URI> endpoint = Optional.empty();

  @Option(names = "--region", description = "AWS region (default: the SDK's region chain).")
  Optional<String> region = Optional.empty();

  @Mixin OpenSearchAuthOption openSearchAuth;

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

  public String table() {
    return table;
  }

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

  public DynamoDbClient dynamoDb() {
    return AwsClients.dynamoDb(endpoint, region);
  }

  public SqsClient sqs(URI queueUrl) {
    return AwsClients.sqs(queueUrl, region);
  }

  /** A connection to {@code url} that answered, signing as --opensearch-auth says. */
  public OpenSearchConnection openSearch(URI url) {
    return openSearchAuth.connect(url, region);
  }

  public DescribeTableResponse describe(DynamoDbClient dynamoDb) {
    try {
      return dynamoDb.describeTable(b -> b.tableName(table));
    } catch (ResourceNotFoundException e) {
      throw new UserError("table " + table + " does not exist" + endpoint.map(u -> " at " + u).orElse(""));
    }
  }

  /** {@code pageSize} 0 = DynamoDB's own page size (1 MB). */
  public ParallelScan scan(DynamoDbClient dynamoDb, int pageSize) {
    return new ParallelScan(dynamoDb, table, ReadCapacityLimiter.of(rcuLimit), pageSize);
  }
}
