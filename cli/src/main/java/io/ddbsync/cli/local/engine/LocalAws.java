package io.ddbsync.cli.local.engine;

import io.ddbsync.dynamodb.local.ExitedServerCheck;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK clients for the local engines, and the SDK settings the in-process functions need to
 * reach them. Local servers check that requests are signed, not by whom: any key works.
 */
public final class LocalAws implements AutoCloseable {

  private static final String KEY = "local";

  private final Map<String, String> previous = new LinkedHashMap<>();

  private LocalAws() {}

  public static SqsClient sqs(URI endpoint, String region) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static DynamoDbClient dynamoDb(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .overrideConfiguration(c -> c.addExecutionInterceptor(new ExitedServerCheck(endpoint)))
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static DynamoDbStreamsClient streams(URI endpoint, String region) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /**
   * Points the SDK clients that in-process functions build themselves at the local engines, through
   * the SDK's system properties (the process environment cannot be changed from Java, and must not
   * be: the CLI's own environment stays as the user set it). {@link #close()} restores them.
   */
  public static LocalAws forFunctions(String region, URI sqs, URI dynamoDb) {
    LocalAws settings = new LocalAws();
    settings.set("aws.region", region);
    settings.set("aws.accessKeyId", KEY);
    settings.set("aws.secretAccessKey", KEY);
    settings.set("aws.endpointUrlSqs", sqs.toString());
    settings.set("aws.endpointUrlDynamoDb", dynamoDb.toString());
    return settings;
  }

  /**
   * As {@link #forFunctions}, but DynamoDB stays AWS's, reached with the SDK's default credentials
   * and region chain as the user set them (a real table followed read-only); the local SQS server
   * accepts whatever key signs.
   */
  public static LocalAws forFunctionsOnAwsDynamoDb(String region, URI sqs) {
    LocalAws settings = new LocalAws();
    settings.set("aws.region", region);
    settings.set("aws.endpointUrlSqs", sqs.toString());
    return settings;
  }

  private void set(String name, String value) {
    previous.put(name, System.getProperty(name));
    System.setProperty(name, value);
  }

  @Override
  public void close() {
    previous.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }
}
