package io.ddbsync.opensearch.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TombstoneTest {

  @Test
  void tombstoneHoldsOnlyTheDeletionMarkers() {
    assertThat(Tombstone.document(1_700_000_000L, true))
        .hasToString("{\"@deleted\":true,\"@deletedAt\":1700000000,\"@ttl\":true}");
  }
}
