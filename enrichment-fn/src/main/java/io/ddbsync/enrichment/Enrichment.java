package io.ddbsync.enrichment;

import io.ddbsync.item.InvalidRecordException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.diff.Projection;
import io.ddbsync.item.identity.ItemIdentity;
import io.ddbsync.item.identity.ItemKey;
import io.ddbsync.item.route.Router;
import io.ddbsync.item.stream.EventName;
import io.ddbsync.item.stream.StreamRecord;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.FetchReason;
import io.ddbsync.message.Invalid;
import io.ddbsync.message.MessageHeader;
import io.ddbsync.message.Upsert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a batch of DynamoDB stream records into change messages: one per record (none for an
 * unchanged MODIFY or a kept TTL expiry, two when a MODIFY moves the item to another index). A record
 * that cannot become a change becomes an {@link Invalid} message, so one bad record never blocks the
 * shard. Knows nothing of Lambda; the CLI calls it in-process.
 */
public final class Enrichment {

  /**
   * A message must leave room below the queue's limit for the attributes the indexer adds when it
   * moves the message to the dead-letter queue (the failure reason), since SQS counts them too.
   */
  public static final int MESSAGE_HEADROOM_BYTES = 16 * 1024;

  /**
   * The Pipes SQS target sends the enrichment's whole output with one SendMessageBatch, which limits
   * each message and also the sum of all messages in the batch to 1 MiB (Amazon SQS API Reference,
   * SendMessageBatch); a batch over it fails whole, and Pipes retries and bisects it. 64 KiB are kept
   * back for message attributes, which SQS counts too. This also keeps the response far below
   * Lambda's 6 MB limit for a synchronous invocation.
   */
  public static final int BATCH_BUDGET_BYTES = EnrichmentConfig.SQS_MAX_MESSAGE_BYTES - 64 * 1024;

  private static final String UNROUTABLE = "unroutable: no route matches and DEFAULT_INDEX is empty";

  private final EnrichmentConfig config;
  private final ItemIdentity identity;
  private final Router router;
  private final Projection projection;
  private final int messageBudget;

  public Enrichment(EnrichmentConfig config) {
    this.config = config;
    this.identity = new ItemIdentity(config.keyAttributes());
    this.router = new Router(config.routes(), config.defaultIndex());
    this.projection = config.projection();
    this.messageBudget = config.maxMessageBytes() - MESSAGE_HEADROOM_BYTES;
  }

  public EnrichmentResult enrich(List<JsonNode> records) {
    List<Emitted> emitted = new ArrayList<>(records.size());
    int skipped = 0;
    int ttlKept = 0;
    int unrouted = 0;
    for (JsonNode record : records) {
      int before = emitted.size();
      Outcome outcome;
      try {
        outcome = changes(record, StreamRecord.parse(record), emitted);
      } catch (InvalidRecordException e) {
        emitted.subList(before, emitted.size()).clear();
        emitted.add(invalid(record, e.getMessage()));
        outcome = Outcome.EMITTED;
      } catch (RuntimeException e) {
        // A defect must not block the shard either; the reason names the code, not the data.
        emitted.subList(before, emitted.size()).clear();
        StackTraceElement[] trace = e.getStackTrace();
        emitted.add(
            invalid(
                record,
                "unexpected " + e.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "")));
        outcome = Outcome.EMITTED;
      }
      switch (outcome) {
        case EMITTED -> {}
        case UNCHANGED -> skipped++;
        case TTL_KEPT -> ttlKept++;
        case UNROUTED -> unrouted++;
      }
    }
    fitBatch(emitted);

    List<ChangeMessage> messages = new ArrayList<>(emitted.size());
    List<byte[]> serialised = new ArrayList<>(emitted.size());
    int upserts = 0;
    int deletes = 0;
    int fetches = 0;
    int invalid = 0;
    for (Emitted e : emitted) {
      messages.add(e.message());
      serialised.add(e.json());
      switch (e.message().kind()) {
        case UPSERT -> upserts++;
        case DELETE -> deletes++;
        case FETCH -> fetches++;
        case INVALID -> invalid++;
      }
    }
    return new EnrichmentResult(
        messages,
        serialised,
        new EnrichmentCounts(records.size(), upserts, deletes, fetches, invalid, skipped, ttlKept, unrouted));
  }

  private enum Outcome {
    EMITTED,
    UNCHANGED,
    TTL_KEPT,
    UNROUTED
  }

  private Outcome changes(JsonNode raw, StreamRecord record, List<Emitted> out) {
    ItemKey key = identity.of(record.keys());
    Item item =
        new Item(record, key, MessageHeader.of(key.groupId(), ItemIdentity.dedupId(record.eventId()), record.eventId()));
    switch (record.eventName()) {
      case REMOVE -> {
        if (record.ttlExpiry() && config.ttlExpiry() == TtlExpiry.KEEP) {
          return Outcome.TTL_KEPT;
        }
        Optional<String> index =
            record.oldImage().isPresent()
                ? router.route(record.oldImage().get())
                : router.routeByKeys(record.keys(), "a REMOVE without OldImage");
        if (index.isEmpty()) {
          // The removed item routed nowhere, so it had no document: an item leaving every route is
          // tombstoned by the MODIFY that made it leave. Nothing to delete, nothing to dead-letter.
          return Outcome.UNROUTED;
        }
        out.add(delete(item, index.get(), item.header(), record.ttlExpiry()));
      }
      case INSERT, MODIFY -> {
        switch (record.viewType()) {
          case KEYS_ONLY -> {
            String index = routed(router.routeByKeys(record.keys(), "a KEYS_ONLY record"));
            out.add(fetch(item, index, FetchReason.KEYS_ONLY));
          }
          case OLD_IMAGE -> {
            // The index the document is in now (the old image's); the indexer routes the item it
            // fetches and tombstones this index when the item has left it. An INSERT carries no
            // image to route on, but its item has no document yet either, nor has an item whose
            // old image routes nowhere: nothing to tombstone.
            String index;
            if (record.eventName() == EventName.INSERT) {
              index = Fetch.NO_INDEX;
            } else if (record.oldImage().isPresent()) {
              index = router.route(record.oldImage().get()).orElse(Fetch.NO_INDEX);
            } else {
              index = routed(router.routeByKeys(record.keys(), "an OLD_IMAGE MODIFY without OldImage"));
            }
            out.add(fetch(item, index, FetchReason.OLD_IMAGE));
          }
          case NEW_IMAGE -> {
            JsonNode newImage = newImage(record);
            out.add(upsert(item, routed(router.route(newImage)), projection.document(newImage, "NewImage")));
          }
          case NEW_AND_OLD_IMAGES -> {
            JsonNode newImage = newImage(record);
            Optional<String> index = router.route(newImage);
            Optional<JsonNode> oldImage = record.oldImage();
            Optional<String> oldIndex = oldImage.flatMap(router::route);
            if (oldIndex.isPresent() && !oldIndex.equals(index)) {
              // The routing attribute changed: tombstone the document in the index it leaves.
              MessageHeader moved = item.header().withDedupId(ItemIdentity.dedupId(record.eventId() + ":moved"));
              out.add(delete(item, oldIndex.get(), moved, false));
            }
            if (index.isEmpty()) {
              // After the tombstone, if any: the item is no longer in any index, and says why.
              out.add(invalid(raw, UNROUTABLE));
              return Outcome.EMITTED;
            }
            if (oldImage.isEmpty() || !oldIndex.equals(index)) {
              // New to this index: the whole document, even if the projection did not change.
              out.add(upsert(item, index.get(), projection.document(newImage, "NewImage")));
              return Outcome.EMITTED;
            }
            Optional<ObjectNode> changed = projection.changedDocument(oldImage.get(), newImage);
            if (changed.isEmpty()) {
              return Outcome.UNCHANGED;
            }
            out.add(upsert(item, index.get(), changed.get()));
          }
        }
      }
    }
    return Outcome.EMITTED;
  }

  private record Item(StreamRecord record, ItemKey key, MessageHeader header) {}

  /** What was emitted, with its JSON: sizes decide between an upsert and a fetch. */
  private record Emitted(ChangeMessage message, byte[] json) {}

  private static JsonNode newImage(StreamRecord record) {
    return record
        .newImage()
        .orElseThrow(
            () ->
                new InvalidRecordException(
                    "missing dynamodb.NewImage in a " + record.viewType() + " " + record.eventName()));
  }

  private static String routed(Optional<String> index) {
    return index.orElseThrow(() -> new InvalidRecordException(UNROUTABLE));
  }

  private Emitted upsert(Item item, String index, ObjectNode document) {
    StreamRecord r = item.record();
    Emitted upsert =
        emitted(
            new Upsert(
                item.header(),
                index,
                item.key().documentId(),
                r.version(),
                r.keys(),
                r.streamTime(),
                document));
    return upsert.json().length <= messageBudget ? upsert : fetch(item, index, FetchReason.TOO_LARGE);
  }

  private Emitted fetch(Item item, String index, FetchReason reason) {
    StreamRecord r = item.record();
    return emitted(
        new Fetch(
            item.header(),
            index,
            item.key().documentId(),
            r.version(),
            r.keys(),
            r.streamTime(),
            reason));
  }

  private Emitted delete(Item item, String index, MessageHeader header, boolean ttl) {
    StreamRecord r = item.record();
    return emitted(
        new Delete(
            header,
            index,
            item.key().documentId(),
            r.version(),
            r.keys(),
            r.streamTime(),
            ttl));
  }

  /**
   * An Invalid message for {@code record}. Its group is the item's when the keys are usable (the
   * record stays in its item's order), else its own.
   */
  private Emitted invalid(JsonNode record, String reason) {
    String eventId = StreamRecord.eventId(record).orElse("");
    String dedupId = eventId.isEmpty() ? ItemIdentity.dedupIdOfContent(record.toString()) : ItemIdentity.dedupId(eventId);
    String groupId;
    try {
      groupId = identity.of(record.path("dynamodb").path("Keys")).groupId();
    } catch (InvalidRecordException e) {
      groupId = dedupId;
    }
    MessageHeader header = MessageHeader.of(groupId, dedupId, eventId);
    Emitted invalid = emitted(new Invalid(header, reason, record));
    if (invalid.json().length <= messageBudget) {
      return invalid;
    }
    return emitted(new Invalid(header, reason + " (record summarised: too large for the queue)", summary(record)));
  }

  /** The record without its images: what identifies it, small enough for any queue. */
  private static JsonNode summary(JsonNode record) {
    ObjectNode summary = ChangeMessages.MAPPER.createObjectNode();
    for (String field : List.of("eventID", "eventName", "eventSourceARN", "awsRegion")) {
      if (record.get(field) != null && record.get(field).isValueNode()) {
        summary.set(field, record.get(field));
      }
    }
    ObjectNode dynamodb = summary.putObject("dynamodb");
    for (String field : List.of("SequenceNumber", "ApproximateCreationDateTime", "StreamViewType")) {
      JsonNode value = record.path("dynamodb").get(field);
      if (value != null && value.isValueNode()) {
        dynamodb.set(field, value);
      }
    }
    return summary;
  }

  /** Shrinks the largest messages until their sum fits one SendMessageBatch. */
  private void fitBatch(List<Emitted> emitted) {
    long total = 0;
    for (Emitted e : emitted) {
      total += e.json().length;
    }
    while (total > BATCH_BUDGET_BYTES) {
      int largest = -1;
      for (int i = 0; i < emitted.size(); i++) {
        ChangeMessage message = emitted.get(i).message();
        boolean shrinkable =
            switch (message.kind()) {
              case UPSERT, INVALID -> true;
              case DELETE, FETCH -> false;
            };
        if (shrinkable && (largest < 0 || emitted.get(i).json().length > emitted.get(largest).json().length)) {
          largest = i;
        }
      }
      if (largest < 0) {
        return;
      }
      Emitted big = emitted.get(largest);
      Emitted small =
          switch (big.message().kind()) {
            case UPSERT -> emitted(tooLarge((Upsert) big.message()));
            case INVALID -> {
              Invalid i = (Invalid) big.message();
              yield emitted(
                  new Invalid(i.header(), i.reason() + " (record summarised: batch too large for one SendMessageBatch)", summary(i.record())));
            }
            case DELETE, FETCH -> throw new IllegalStateException("only upserts and invalid messages are shrunk");
          };
      if (small.json().length >= big.json().length) {
        return;
      }
      emitted.set(largest, small);
      total -= big.json().length - small.json().length;
    }
  }

  private static Fetch tooLarge(Upsert u) {
    return new Fetch(u.header(), u.index(), u.id(), u.version(), u.keys(), u.streamTime(), FetchReason.TOO_LARGE);
  }

  private static Emitted emitted(ChangeMessage message) {
    try {
      return new Emitted(message, ChangeMessages.MAPPER.writeValueAsBytes(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a " + message.getClass().getSimpleName(), e);
    }
  }
}
