package io.ddbsync.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.indexer.idempotency.PowertoolsIdempotencyGuard;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

  @Test
  void hookBeforeSnapshotToleratesAnUnreachableClusterAndStillReadsTheIdempotencyStore() throws Exception {
    URI nothingListening;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nothingListening = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    AtomicInteger reads = new AtomicInteger();
    IdempotencyGuard guard =
        new IdempotencyGuard() {
          @Override
          public Claim claim(String dedupId, Duration remainingTime) {
            throw new AssertionError("priming must not claim");
          }

          @Override
          public void applied(String dedupId) {
            throw new AssertionError("priming must not write");
          }

          @Override
          public void release(String dedupId) {
            throw new AssertionError("priming must not write");
          }

          @Override
          public void primeRead() {
            reads.incrementAndGet();
          }
        };

    new SnapStartPriming(OpenSearchClients.plain(nothingListening), guard).beforeCheckpoint(null);

    assertThat(reads).hasValue(1);
  }

  @Test
  void idempotencyPrimingReadLeavesTheTableEmpty() {
    String table = LocalServices.newTable("idempotency-priming", "id");
    PowertoolsIdempotencyGuard guard =
        PowertoolsIdempotencyGuard.dynamoDb(LocalServices.dynamoDb(), table, Duration.ofHours(1), Clock.systemUTC());

    guard.primeRead();

    assertThat(LocalServices.dynamoDb().scan(s -> s.tableName(table)).items()).isEmpty();
  }
}
