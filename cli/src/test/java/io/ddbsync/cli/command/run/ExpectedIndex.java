package io.ddbsync.cli.command.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.enrichment.EnrichmentResult;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.Invalid;
import io.ddbsync.message.ItemChange;
import io.ddbsync.message.Upsert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the index must hold after a run, worked out without the queue, the indexer or OpenSearch:
 * each record goes through the enrichment on its own, and for every document the change with the
 * highest version wins (an upsert's document, nothing after a delete, the table's item for a fetch).
 * Also counts what the run's summary must report.
 */
final class ExpectedIndex {

  final Map<String, ObjectNode> documents = new TreeMap<>();
  int messages;
  int itemChanges;
  int invalid;
  int skipped;
  int conflicts;

  /** Keys of the dump lines: {@code index/id}. */
  static String key(String index, String id) {
    return index + "/" + id;
  }

  /**
   * @param records the records that pass the filter, in pipe order
   * @param table the source table's items (DynamoDB JSON) by the text of their keys, read by fetches
   */
  static ExpectedIndex of(
      List<ObjectNode> records, EnrichmentConfig config, List<String> keyNames, Map<String, ObjectNode> table) {
    Enrichment enrichment = new Enrichment(config);
    ExpectedIndex expected = new ExpectedIndex();
    Map<String, ItemChange> latest = new HashMap<>();
    for (ObjectNode record : records) {
      EnrichmentResult result = enrichment.enrich(List.of(record));
      if (result.messages().isEmpty()) {
        expected.skipped++;
      }
      for (ChangeMessage message : result.messages()) {
        expected.messages++;
        if (message instanceof Invalid) {
          expected.invalid++;
        } else if (message instanceof ItemChange change) {
          expected.itemChanges++;
          // One item's messages share a FIFO group, so they arrive in this order: an older version
          // arriving after a newer one is refused with 409, a conflict.
          ItemChange previous = latest.get(key(change.index(), change.id()));
          if (previous != null && previous.version() >= change.version()) {
            expected.conflicts++;
          } else {
            latest.put(key(change.index(), change.id()), change);
          }
        }
      }
    }
    for (Map.Entry<String, ItemChange> entry : latest.entrySet()) {
      ItemChange change = entry.getValue();
      if (change instanceof Upsert upsert) {
        expected.documents.put(entry.getKey(), upsert.document());
      } else if (change instanceof Fetch fetch) {
        ObjectNode item = table.get(fetch.keys().toString());
        if (item != null) {
          expected.documents.put(entry.getKey(), documentOf(item, enrichment, keyNames));
        }
      } else if (!(change instanceof Delete)) {
        throw new IllegalStateException("unexpected change " + change);
      }
    }
    return expected;
  }

  /** The document the enrichment makes of an item: the upsert of an INSERT with it as NewImage. */
  static ObjectNode documentOf(ObjectNode item, Enrichment enrichment, List<String> keyNames) {
    return upsertOf(item, enrichment, keyNames).document();
  }

  static Upsert upsertOf(ObjectNode item, Enrichment enrichment, List<String> keyNames) {
    return Convergence.documentOf(item, enrichment, keyNames)
        .orElseThrow(() -> new IllegalStateException("the item with keys " + keyNames + " makes no upsert"));
  }
}
