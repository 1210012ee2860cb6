package io.ddbsync.indexer;

import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;

import io.ddbsync.opensearch.bulk.Tombstone;

import io.ddbsync.opensearch.bulk.ItemResult;

import io.ddbsync.opensearch.bulk.BulkItem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.message.ChangeMessages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineBulkSenderTest {

  private final OfflineBulkSender sender = new OfflineBulkSender(OpenSearchClients.mapper());

  private static BulkItem document() throws Exception {
    ObjectNode document = (ObjectNode) ChangeMessages.MAPPER.readTree("{\"pk\":\"ORDER#1\",\"total\":12345678901234567890.5}");
    return new BulkItem("m1", "orders", "ORDER#1", 42L, document, false);
  }

  private static BulkItem tombstone() {
    return new BulkItem("m2", "orders", "ORDER#2", 43L, Tombstone.document(1_700_000_000L, false), true);
  }

  @Test
  void bodyIsOneVersionedIndexOperationPerItem() throws Exception {
    byte[] body = sender.ndJson(OpenSearchBulkSender.request(List.of(document(), tombstone())));

    List<String> lines = List.of(new String(body, StandardCharsets.UTF_8).split("\n"));
    assertThat(lines).hasSize(4);
    assertThat(ChangeMessages.MAPPER.readTree(lines.get(0)))
        .isEqualTo(ChangeMessages.MAPPER.readTree(
            "{\"index\":{\"_id\":\"ORDER#1\",\"_index\":\"orders\",\"version\":42,\"version_type\":\"external\"}}"));
    assertThat(lines.get(1)).isEqualTo("{\"pk\":\"ORDER#1\",\"total\":12345678901234567890.5}");
    assertThat(lines.get(3)).isEqualTo("{\"@deleted\":true,\"@deletedAt\":1700000000,\"@ttl\":false}");
  }

  @Test
  void answersCreatedForDocumentsAndConflictForTombstones() throws Exception {
    assertThat(sender.send(List.of(document(), tombstone())))
        .containsExactly(new ItemResult.Applied(false), new ItemResult.Applied(true));
  }
}
