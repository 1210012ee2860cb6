package io.ddbsync.indexer.stage;

import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import java.util.LinkedHashMap;
import java.util.Map;

/** The indexer's log, and the fields that name a message in it: never a key or attribute value. */
public record MessageLog(JsonLog log, ItemKeyHash itemKeys) {

  /** A new mutable map, for the caller to add its own fields. */
  public Map<String, Object> fields(Batch batch, int position) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("messageId", batch.message(position).messageId());
    fields.put("itemKey", itemKeys.of(batch.message(position).groupId()));
    fields.put("dedupId", batch.dedupId(position));
    batch.change(position)
        .ifPresent(
            change -> {
              fields.put("eventId", change.eventId());
              fields.put("index", change.index());
              fields.put("version", change.version());
            });
    return fields;
  }
}
