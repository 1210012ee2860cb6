package io.ddbsync.cli.shared.scan;

import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuthOption;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The options of the commands that scan a table and convert its items as the enrichment function
 * does (backfill, verify): which table, how it is read ({@link TableReadOptions}), in which region,
 * and how their requests to OpenSearch are signed.
 */
public final class TableScanOptions {

  @Option(names = "--table", required = true, description = "The DynamoDB table.")
  String table;

  @Option(names = "--region", description = "AWS region (default: the SDK's region chain).")
  Optional<String> region = Optional.empty();

  @Mixin OpenSearchAuthOption openSearchAuth;

  @Mixin TableReadOptions read;

  public String table() {
    return table;
  }

  public int segments() {
    return read.segments();
  }

  public EnrichmentConfig enrichment() {
    return read.enrichment();
  }

  public long scanStartSeconds(Clock clock) {
    return read.scanStartSeconds(clock);
  }

  public DynamoDbClient dynamoDb() {
    return read.dynamoDb(region);
  }

  public SqsClient sqs(URI queueUrl) {
    return AwsClients.sqs(queueUrl, region);
  }

  /** A connection to {@code url} that answered, signing as --opensearch-auth says. */
  public OpenSearchConnection openSearch(URI url) {
    return openSearchAuth.connect(url, region);
  }

  public DescribeTableResponse describe(DynamoDbClient dynamoDb) {
    return read.describe(dynamoDb, table);
  }

  /** {@code pageSize} 0 = DynamoDB's own page size (1 MB). */
  public ParallelScan scan(DynamoDbClient dynamoDb, int pageSize) {
    return read.scan(dynamoDb, table, pageSize);
  }
}
