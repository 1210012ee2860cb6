package io.ddbsync.cli.shared.opensearch;

import io.ddbsync.cli.shared.error.UserError;
import java.io.IOException;
import java.util.List;

/** Applies the repository's index template, index and {@code <index>-live} alias to routed indices. */
public final class IndexTemplates {

  private IndexTemplates() {}

  public static void apply(OpenSearchConnection openSearch, List<String> indices) {
    try {
      new IndexBootstrap(openSearch.client().generic()).apply(indices);
    } catch (IOException e) {
      throw new UserError("cannot apply the index templates at " + openSearch.url() + ": " + e.getMessage(), e);
    }
  }
}
