package io.ddbsync.cli.shared.opensearch;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.io.IOException;
import java.net.URI;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * An opensearch-java client for {@code url}, built by opensearch-sync's {@link OpenSearchClients}: the
 * indexer's own stack, so every command talks to OpenSearch as the indexer does. Closing it closes the
 * transport.
 */
public record OpenSearchConnection(URI url, OpenSearchClient client) implements AutoCloseable {

  /** Unsigned requests (a local node, or a domain open to this host). */
  public static OpenSearchConnection plain(URI url) {
    return new OpenSearchConnection(url, OpenSearchClients.plain(url));
  }

  /**
   * Requests signed with SigV4 for {@code service} ({@code es} or {@code aoss}) in {@code region}.
   * The SDK transport speaks only HTTPS, so a URL of another scheme is refused here rather than sent
   * to a port that does not expect TLS.
   */
  public static OpenSearchConnection signed(URI url, String service, Region region, AwsCredentialsProvider credentials,
      SdkHttpClient http) {
    if (!"https".equals(url.getScheme())) {
      throw new UserError("SigV4 requests go over HTTPS: use an https:// OpenSearch URL, not " + url);
    }
    OpenSearchTransport transport = OpenSearchClients.sigv4(url, service, region, credentials, http);
    return new OpenSearchConnection(url, new OpenSearchClient(transport));
  }

  /** This connection, once OpenSearch answered; a clear error naming the URL otherwise. */
  public OpenSearchConnection ensureReachable() {
    try {
      client.info();
      return this;
    } catch (IOException | RuntimeException e) {
      throw new UserError("cannot reach OpenSearch at " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      client._transport().close();
    } catch (IOException e) {
      // the calls are done; a failed close leaks nothing the JVM keeps
    }
  }
}
