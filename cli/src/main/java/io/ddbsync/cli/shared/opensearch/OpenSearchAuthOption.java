package io.ddbsync.cli.shared.opensearch;

import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** {@code --opensearch-auth}, for the commands that talk to a deployed OpenSearch (backfill, verify, bootstrap, reindex). */
public final class OpenSearchAuthOption {

  @Option(names = "--opensearch-auth", defaultValue = "none", paramLabel = "MODE",
      converter = OpenSearchAuth.Converter.class,
      description = "How requests to --opensearch are signed: none (default), sigv4-es (Amazon OpenSearch Service"
          + " domain) or sigv4-aoss (OpenSearch Serverless collection), with the default credential chain and --region.")
  OpenSearchAuth auth;

  public OpenSearchAuth auth() {
    return auth;
  }

  /** A connection to {@code url} that answered, signing as --opensearch-auth says. */
  public OpenSearchConnection connect(URI url, Optional<String> region) {
    OpenSearchConnection connection = switch (auth) {
      case NONE -> OpenSearchConnection.plain(url);
      case SIGV4_ES -> signed(url, "es", region);
      case SIGV4_AOSS -> signed(url, "aoss", region);
    };
    try {
      return connection.ensureReachable();
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The region is the domain's, never a local DynamoDB endpoint's placeholder. */
  private static OpenSearchConnection signed(URI url, String service, Optional<String> region) {
    return OpenSearchConnection.signed(url, service, AwsClients.region(Optional.empty(), region),
        DefaultCredentialsProvider.builder().build(), OpenSearchClients.urlConnectionClient());
  }
}
