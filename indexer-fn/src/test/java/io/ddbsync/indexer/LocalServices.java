package io.ddbsync.indexer;

import io.ddbsync.dynamodb.local.SharedDynamoDb;
import io.ddbsync.dynamodb.local.Tables;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real engines the integration tests run against, one each per JVM: the embedded OpenSearch
 * node, dynalite (DynamoDB API) and ElasticMQ (SQS API), all on loopback.
 */
public final class LocalServices {

  private static OpenSearchClient openSearch;
  private static DynamoDbClient dynamoDb;
  private static SqsClient sqs;

  private LocalServices() {}

  public static synchronized OpenSearchClient openSearch() {
    if (openSearch == null) {
      openSearch = OpenSearchClients.plain(SharedOpenSearch.uri());
    }
    return openSearch;
  }

  public static synchronized DynamoDbClient dynamoDb() {
    if (dynamoDb == null) {
      dynamoDb =
          DynamoDbClient.builder()
              .endpointOverride(SharedDynamoDb.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
    }
    return dynamoDb;
  }

  public static synchronized SqsClient sqs() {
    if (sqs == null) {
      SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
      int port = server.waitUntilStarted().localAddress().getPort();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "elasticmq-shutdown"));
      sqs =
          SqsClient.builder()
              .endpointOverride(URI.create("http://127.0.0.1:" + port))
              .region(Region.US_EAST_1)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
    }
    return sqs;
  }

  /** A new FIFO queue for one test; returns its URL. */
  public static String newFifoQueue(String prefix) {
    return sqs()
        .createQueue(
            request ->
                request
                    .queueName(prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
        .queueUrl();
  }

  /** A new table with a string partition key {@code keyName}; returns its name. */
  public static String newTable(String prefix, String keyName) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    dynamoDb()
        .createTable(
            request ->
                request
                    .tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(keyName).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(keyName).keyType(KeyType.HASH).build()));
    Tables.awaitActive(dynamoDb(), name);
    return name;
  }

  /** A fresh index name, so tests sharing the node never see each other's documents. */
  public static String newIndex(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
