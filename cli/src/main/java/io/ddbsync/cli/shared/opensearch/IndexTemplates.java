package io.ddbsync.cli.shared.opensearch;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.indexsetup.IndexBootstrap;
import io.ddbsync.indexsetup.IndexTemplate;
import io.ddbsync.indexsetup.OpenSearchCalls;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Collection;
import java.util.List;

/**
 * Sets up routed indices with the index-setup function's {@link IndexBootstrap} (template, generation
 * 1, write alias and {@code <index>-live}), as the stack's custom resource does: before every command
 * that writes documents, so none of them creates an index with OpenSearch's default mapping.
 */
public final class IndexTemplates {

  private IndexTemplates() {}

  public static List<IndexBootstrap.Result> apply(OpenSearchConnection openSearch, Collection<String> indices) {
    try {
      return new IndexBootstrap(new OpenSearchCalls(openSearch.client().generic()), IndexTemplate.packaged())
          .apply(List.copyOf(indices));
    } catch (IOException | RuntimeException e) {
      boolean unreachable = e instanceof ConnectException || e.getCause() instanceof ConnectException;
      throw new UserError((unreachable ? "cannot reach OpenSearch at " + openSearch.url() + " to set up the indices "
          : "cannot set up the indices ") + indices + (unreachable ? "" : " at " + openSearch.url()) + ": " + e.getMessage(), e);
    }
  }
}
