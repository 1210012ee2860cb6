package io.ddbsync.cli.backfill;

import io.ddbsync.cli.UserError;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for AWS (default credential chain and region) or for any DynamoDB-API endpoint given
 * with {@code --endpoint}. Local servers check that requests are signed, not by whom, so where the
 * default chain finds no credentials a placeholder key is used for an explicit endpoint.
 */
public final class AwsClients {

  private static final String DEFAULT_LOCAL_REGION = "us-east-1";

  private AwsClients() {}

  public static DynamoDbClient dynamoDb(Optional<URI> endpoint, Optional<String> region) {
    var builder = DynamoDbClient.builder()
        .region(region(endpoint, region))
        .credentialsProvider(credentials(endpoint))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** A client for the queue at {@code queueUrl}: its scheme, host and port are the endpoint to call. */
  public static SqsClient sqs(URI queueUrl, Optional<String> region) {
    URI endpoint = URI.create(queueUrl.getScheme() + "://" + queueUrl.getRawAuthority());
    boolean aws = queueUrl.getHost() != null && queueUrl.getHost().endsWith(".amazonaws.com");
    Optional<URI> custom = aws ? Optional.empty() : Optional.of(endpoint);
    return SqsClient.builder()
        .region(region(custom, region))
        .credentialsProvider(credentials(custom))
        .endpointOverride(endpoint)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static Region region(Optional<URI> endpoint, Optional<String> region) {
    if (region.isPresent()) {
      return Region.of(region.get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      if (endpoint.isPresent()) {
        return Region.of(DEFAULT_LOCAL_REGION);
      }
      throw new UserError("no AWS region: pass --region or set AWS_REGION");
    }
  }

  private static AwsCredentialsProvider credentials(Optional<URI> endpoint) {
    if (endpoint.isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return AwsCredentialsProviderChain.of(
        DefaultCredentialsProvider.builder().build(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
  }
}
