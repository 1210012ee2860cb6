package io.ddbsync.indexer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.FetchReason;
import io.ddbsync.message.Invalid;
import io.ddbsync.message.Upsert;

/** Change messages and queue messages for tests. */
public final class TestMessages {

  public static final long STREAM_TIME = 1_700_000_000L;

  private TestMessages() {}

  public static ObjectNode json(String text) {
    try {
      return (ObjectNode) ChangeMessages.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static ObjectNode keys(String pk) {
    ObjectNode keys = ChangeMessages.MAPPER.createObjectNode();
    keys.putObject("pk").put("S", pk);
    return keys;
  }

  public static Upsert upsert(String index, String id, long version, String dedupId, String document) {
    return new Upsert(1, id, dedupId, dedupId, index, id, version, keys(id), STREAM_TIME, json(document));
  }

  public static Delete delete(String index, String id, long version, String dedupId, boolean ttl) {
    return new Delete(1, id, dedupId, dedupId, index, id, version, keys(id), STREAM_TIME, ttl);
  }

  public static Fetch fetch(String index, String id, long version, String dedupId) {
    return new Fetch(1, id, dedupId, dedupId, index, id, version, keys(id), STREAM_TIME, FetchReason.KEYS_ONLY);
  }

  public static Invalid invalid(String group, String dedupId, String reason) {
    return new Invalid(1, group, dedupId, dedupId, reason, json("{\"eventName\":\"INSERT\"}"));
  }

  /** A queue message carrying {@code change}, in the change's group, with message id {@code messageId}. */
  public static QueueMessage queued(String messageId, ChangeMessage change) {
    return new QueueMessage(messageId, change.groupId(), change.dedupId(), ChangeMessages.write(change), 1);
  }

  public static QueueMessage raw(String messageId, String groupId, String body) {
    return new QueueMessage(messageId, groupId, messageId, body, 1);
  }
}
