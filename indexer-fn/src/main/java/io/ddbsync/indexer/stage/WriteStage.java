package io.ddbsync.indexer.stage;

import io.ddbsync.message.Delete;
import io.ddbsync.message.ItemChange;
import io.ddbsync.message.Upsert;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code _bulk} with external versions for every message still to write, retrying retryable
 * items. Messages of one group can share the request; if an earlier one fails there while a later one
 * succeeds, both are reported failed and the later one's redelivery gets 409 (already applied):
 * external versions make the order of application within a request irrelevant to the final state.
 */
public final class WriteStage {

  private final RetryingBulkWriter writer;
  private final MessageLog log;

  public WriteStage(RetryingBulkWriter writer, MessageLog log) {
    this.writer = writer;
    this.log = log;
  }

  /** Returns how many item retries were sent. */
  public int run(Batch batch, Instant deadline) {
    List<BulkItem> items = new ArrayList<>();
    List<Integer> firstItem = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      firstItem.add(items.size());
      if (batch.proceeds(i, Outcome.Type.PENDING)) {
        items.add(item(batch.message(i).messageId(), batch.change(i).orElseThrow()));
      } else if (batch.proceeds(i, Outcome.Type.READY)) {
        items.addAll(((Outcome.Ready) batch.outcome(i)).items());
      }
    }
    firstItem.add(items.size());
    if (items.isEmpty()) {
      return 0;
    }
    RetryingBulkWriter.Report report = writer.write(items, deadline);
    report.refusal().ifPresent(reason -> log.log().error("_bulk refused, not retried in this invocation",
        Map.of("reason", reason, "messages", batch.size())));
    for (int i = 0; i < batch.size(); i++) {
      int from = firstItem.get(i);
      int to = firstItem.get(i + 1);
      if (from < to) {
        Outcome outcome = outcome(items.subList(from, to), report.results().subList(from, to), report.unindexed().subList(from, to));
        batch.set(i, outcome);
        if (outcome instanceof Outcome.Applied applied) {
          for (String path : applied.unindexed()) {
            Map<String, Object> fields = log.fields(batch, i);
            fields.put("field", path);
            log.log().info("value kept unindexed", fields);
          }
        }
      }
    }
    return report.retried();
  }

  /** The item of an upsert or a delete. */
  static BulkItem item(String messageId, ItemChange change) {
    return switch (change.kind()) {
      case UPSERT -> new BulkItem(messageId, change.index(), change.id(), change.version(), ((Upsert) change).document(), false);
      case DELETE -> {
        Delete delete = (Delete) change;
        yield new BulkItem(
            messageId, change.index(), change.id(), change.version(), Tombstone.document(delete.streamTime(), delete.ttl()), true);
      }
      case FETCH -> throw new IllegalStateException("a fetch message is written from its fetched item");
      case INVALID -> throw new IllegalStateException("an invalid message is never pending");
    };
  }

  /**
   * A message's outcome from its items' results (one, or a fetched item and the tombstone of the
   * index it left): any retryable result retries the message (the redelivery's repeated writes get
   * 409), else any permanent one makes it poison, else it is applied, with the paths of the values
   * its written items keep under {@code @unindexed}.
   */
  static Outcome outcome(List<BulkItem> items, List<ItemResult> results, List<List<String>> unindexed) {
    Outcome.Poison poison = null;
    boolean conflict = true;
    List<String> aside = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      ItemResult result = results.get(k);
      if (result instanceof ItemResult.Applied applied && !applied.conflict()) {
        aside.addAll(unindexed.get(k));
      }
      if (result instanceof ItemResult.Retryable retryable) {
        return new Outcome.Retry(retryable.reason());
      } else if (result instanceof ItemResult.Permanent permanent) {
        poison = poison == null ? new Outcome.Poison(permanent.kind(), permanent.reason()) : poison;
      } else if (result instanceof ItemResult.Applied applied) {
        conflict &= applied.conflict();
      } else {
        return new Outcome.Retry("no bulk result");
      }
    }
    return poison != null ? poison : new Outcome.Applied(items.get(0).tombstone(), conflict, List.copyOf(aside));
  }
}
