package io.ddbsync.indexer;

import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import java.io.IOException;
import org.crac.Context;
import org.crac.Resource;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.TransportOptions;

/**
 * SnapStart's runtime hook (org.crac; Lambda's runtime calls it before it takes the snapshot), so
 * that the snapshot holds the batch path loaded and compiled and the first invocation after a
 * restore does not pay for it:
 *
 * <ol>
 *   <li>{@link Priming}: a synthetic batch through everything that needs no network;
 *   <li>one read-only round trip through each client that every invocation uses: the OpenSearch
 *       transport (HTTP client, TLS, SigV4 where configured) and, with idempotency on, the AWS
 *       SDK's credentials, signing and marshalling behind the idempotency table.
 * </ol>
 *
 * <p>The requests change nothing, and their failures (a role without read permission, a cluster
 * unreachable at publish time) are ignored: this only saves time. No connection opened here is used
 * after a restore: the OpenSearch request asks the server to close its connection, and the SDK's
 * idle connections are past their keep-alive time by any restore, so {@link #afterRestore} has
 * nothing to do. A cold start without SnapStart never runs this.
 */
final class SnapStartPriming implements Resource {

  private static final TransportOptions CLOSE_CONNECTION =
      TransportOptions.builder().addHeader("Connection", "close").build();

  private final OpenSearchClient openSearch;
  private final IdempotencyGuard idempotency;

  SnapStartPriming(OpenSearchClient openSearch, IdempotencyGuard idempotency) {
    this.openSearch = openSearch;
    this.idempotency = idempotency;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    Priming.prime();
    try {
      openSearch.withTransportOptions(CLOSE_CONNECTION).info();
    } catch (IOException | RuntimeException e) {
      // Primed as far as the request got.
    }
    idempotency.primeRead();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {}
}
