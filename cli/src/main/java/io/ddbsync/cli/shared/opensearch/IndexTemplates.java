package io.ddbsync.cli.shared.opensearch;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;

/** Applies the repository's index template, index and {@code <index>-live} alias to routed indices. */
public final class IndexTemplates {

  private IndexTemplates() {}

  public static void apply(URI openSearch, List<String> indices) {
    OpenSearchClient client = OpenSearchClients.plain(openSearch);
    try {
      new IndexBootstrap(client.generic()).apply(indices);
    } catch (IOException e) {
      throw new UserError("cannot apply the index templates at " + openSearch + ": " + e.getMessage(), e);
    } finally {
      try {
        client._transport().close();
      } catch (IOException e) {
        // the calls are done; a failed close leaks nothing the JVM keeps
      }
    }
  }
}
