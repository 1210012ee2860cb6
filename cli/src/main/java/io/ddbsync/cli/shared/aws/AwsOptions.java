package io.ddbsync.cli.shared.aws;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Where the queue recovery commands (redrive, replay) find SQS: AWS, or an SQS-compatible {@code --endpoint}. */
public final class AwsOptions {

  @Option(names = "--endpoint", paramLabel = "URL", description = "SQS endpoint (e.g. ElasticMQ); default: AWS.")
  Optional<URI> endpoint = Optional.empty();

  @Option(names = "--region", paramLabel = "R", description = "AWS region; default: the SDK's region chain (AWS_REGION, profile).")
  Optional<String> region = Optional.empty();

  public SqsClient sqs() {
    return AwsClients.sqs(endpoint, region);
  }

  public DynamoDbStreamsClient streams(Optional<URI> streamsEndpoint) {
    return AwsClients.streams(streamsEndpoint, region);
  }
}
