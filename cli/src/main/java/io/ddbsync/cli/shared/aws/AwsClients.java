package io.ddbsync.cli.shared.aws;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.dynamodb.local.ExitedServerCheck;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for the commands that work on AWS (default credential chain and region) or on an
 * AWS-compatible endpoint (dynalite, ElasticMQ, LocalStack). Local servers check that requests are
 * signed, not by whom, so for an explicit endpoint a placeholder key stands in where the default
 * chain finds none, and a placeholder region where the region chain finds none.
 */
public final class AwsClients {

  private static final String LOCAL_REGION = "us-east-1";

  private AwsClients() {}

  /** With an endpoint, a call to a dynalite this JVM started and that has exited says so (pid, exit code, output). */
  public static DynamoDbClient dynamoDb(Optional<URI> endpoint, Optional<String> region) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder();
    endpoint.ifPresent(uri -> builder.overrideConfiguration(c -> c.addExecutionInterceptor(new ExitedServerCheck(uri))));
    return build(builder, endpoint, region);
  }

  public static DynamoDbStreamsClient streams(Optional<URI> endpoint, Optional<String> region) {
    return build(DynamoDbStreamsClient.builder(), endpoint, region);
  }

  public static SqsClient sqs(Optional<URI> endpoint, Optional<String> region) {
    return build(SqsClient.builder(), endpoint, region);
  }

  public static CloudFormationClient cloudFormation(Optional<String> region) {
    return build(CloudFormationClient.builder(), Optional.empty(), region);
  }

  public static CloudWatchClient cloudWatch(Optional<String> region) {
    return build(CloudWatchClient.builder(), Optional.empty(), region);
  }

  public static PipesClient pipes(Optional<String> region) {
    Region resolved = region(Optional.empty(), region);
    return new PipesClient(UrlConnectionHttpClient.builder().build(), credentials(Optional.empty()), resolved,
        PipesClient.endpoint(resolved));
  }

  /** A client for the queue at {@code queueUrl}: its scheme, host and port are the endpoint to call. */
  public static SqsClient sqs(URI queueUrl, Optional<String> region) {
    URI endpoint = URI.create(queueUrl.getScheme() + "://" + queueUrl.getRawAuthority());
    boolean aws = queueUrl.getHost() != null && queueUrl.getHost().endsWith(".amazonaws.com");
    return build(SqsClient.builder().endpointOverride(endpoint), aws ? Optional.empty() : Optional.of(endpoint), region);
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Optional<URI> endpoint, Optional<String> region) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region(endpoint, region))
        .credentialsProvider(credentials(endpoint));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** {@code region}, else the SDK's region chain's; for an explicit {@code endpoint} a placeholder if none. */
  public static Region region(Optional<URI> endpoint, Optional<String> region) {
    if (region.isPresent()) {
      return Region.of(region.get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      if (endpoint.isPresent()) {
        return Region.of(LOCAL_REGION);
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
