package io.ddbsync.cli.redrive;

import io.ddbsync.cli.UserError;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the recovery commands find AWS: the default credential chain and region, or an SQS-compatible
 * endpoint (ElasticMQ, LocalStack) given with {@code --endpoint}. A local endpoint accepts any
 * credentials, so placeholders stand in when the default chain finds none.
 */
public final class AwsOptions {

  private static final String LOCAL_REGION = "us-east-1";

  @Option(names = "--endpoint", paramLabel = "URL", description = "SQS endpoint (e.g. ElasticMQ); default: AWS.")
  Optional<URI> endpoint = Optional.empty();

  @Option(names = "--region", paramLabel = "R", description = "AWS region; default: the SDK's region chain (AWS_REGION, profile).")
  Optional<String> region = Optional.empty();

  public SqsClient sqs() {
    var builder = SqsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region())
        .credentialsProvider(credentials());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public DynamoDbStreamsClient streams(Optional<URI> streamsEndpoint) {
    var builder = DynamoDbStreamsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region())
        .credentialsProvider(credentials(streamsEndpoint.isPresent()));
    streamsEndpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  Region region() {
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

  private AwsCredentialsProvider credentials() {
    return credentials(endpoint.isPresent());
  }

  private static AwsCredentialsProvider credentials(boolean local) {
    if (!local) {
      return DefaultCredentialsProvider.builder().build();
    }
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(
            DefaultCredentialsProvider.builder().build(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }
}
