package io.ddbsync.cli.local.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.stream.TtlExpiry;
import io.ddbsync.item.stream.ViewType;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import io.ddbsync.opensearch.unindexed.UnindexedValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The index against the workload's expected final state, once everything settled.
 *
 * <p>Expected: each item's image after its last change that is not poison ({@link Workload#expected}),
 * turned into a document by the enrichment's own conversion. A poisoned change never reaches the
 * index, so an item whose last change was poison must still show the change before it, compared in
 * full like any other. Every poisoned change must instead sit in the dead-letter queue with the
 * indexer's {@code mapping} kind. A value the index keeps under {@code @unindexed} (its mapping could
 * not take it) counts as present at its own path.
 *
 * <p>With {@code TTL_EXPIRY=keep}, an item whose last change was a TTL expiry is expected at its image
 * before the expiry, when that image reached the index: with a stream view that carries new images
 * (NEW_IMAGE, NEW_AND_OLD_IMAGES) and an item small enough for a message. Otherwise its changes
 * reached the indexer as fetches of the table, which no longer holds it, and nothing is expected.
 *
 * @param expectedLive documents the index must hold
 * @param missing expected documents the index lacks
 * @param stale documents the index holds with other content
 * @param resurrected live documents of items that are deleted (or never existed)
 * @param poison poisoned changes in the workload
 * @param poisonUnaccounted poisoned changes not in the dead-letter queue with a mapping reason (or, for
 *     an item no route takes, as invalid: such a change never reaches an index)
 * @param examples a few offending keys, for the reader of a failed run
 */
public record Convergence(
    long expectedLive,
    long missing,
    long stale,
    long resurrected,
    long poison,
    long poisonUnaccounted,
    List<String> examples) {

  static final int EXAMPLES = 5;

  /**
   * Numbers compare by value: DynamoDB stores a number normalised ({@code 4.0} is read back as
   * {@code 4}), so a document made from a fetched item and one made from a stream image may spell one
   * number two ways. Everything else compares exactly.
   */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) ->
      a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
  static final String MAPPING_KIND = "mapping";
  static final String INVALID_KIND = "invalid";

  public boolean converged() {
    return missing == 0 && stale == 0 && resurrected == 0 && poisonUnaccounted == 0;
  }

  /**
   * @param liveDocuments the dump: {@code {"_index","_id","_source"}} of every live document
   * @param deadLetters every message left in the dead-letter queue
   */
  public static Convergence check(Workload workload, EnrichmentConfig config, List<ObjectNode> liveDocuments,
      List<DeadLetterMessage> deadLetters) {
    // Expected documents are whole: no size budget turns them into fetches.
    Enrichment enrichment = new Enrichment(new EnrichmentConfig(config.keyAttributes(), config.defaultIndex(),
        config.routes(), config.projection(), config.ttlExpiry(), EnrichmentConfig.SQS_MAX_MESSAGE_BYTES,
        config.logLevel(), config.itemKeys()));
    Map<String, ObjectNode> items = new HashMap<>(workload.expected());
    if (config.ttlExpiry() == TtlExpiry.KEEP
        && (workload.viewType() == ViewType.NEW_IMAGE || workload.viewType() == ViewType.NEW_AND_OLD_IMAGES)) {
      workload.ttlExpired().forEach((key, image) -> {
        if (!workload.oversize().contains(key)) {
          items.put(key, image);
        }
      });
    }
    Map<String, ObjectNode> expected = new HashMap<>();
    for (ObjectNode item : items.values()) {
      documentOf(item, enrichment, workload.keyAttributes())
          .ifPresent(upsert -> expected.put(key(upsert.index(), upsert.id()), upsert.document()));
    }
    List<String> examples = new ArrayList<>();
    long stale = 0;
    long resurrected = 0;
    Set<String> found = new HashSet<>();
    for (ObjectNode live : liveDocuments) {
      String key = key(live.path("_index").asText(), live.path("_id").asText());
      ObjectNode document = expected.get(key);
      if (document == null) {
        resurrected++;
        example(examples, "resurrected " + key);
      } else {
        found.add(key);
        if (!document.equals(NUMBERS_BY_VALUE, UnindexedValues.restored((ObjectNode) live.get("_source")))) {
          stale++;
          example(examples, "stale " + key);
        }
      }
    }
    long missing = 0;
    for (String key : expected.keySet()) {
      if (!found.contains(key)) {
        missing++;
        example(examples, "missing " + key);
      }
    }
    Set<String> deadLetteredPoison = new HashSet<>();
    for (DeadLetterMessage letter : deadLetters) {
      if (letter.kind().equals(MAPPING_KIND) || letter.kind().equals(INVALID_KIND)) {
        eventId(letter.body()).ifPresent(deadLetteredPoison::add);
      }
    }
    long unaccounted = 0;
    for (String eventId : workload.poisonEventIds()) {
      if (!deadLetteredPoison.contains(eventId)) {
        unaccounted++;
        example(examples, "poison event " + eventId + " not dead-lettered as " + MAPPING_KIND + " or " + INVALID_KIND);
      }
    }
    return new Convergence(expected.size(), missing, stale, resurrected, workload.poisonEventIds().size(),
        unaccounted, List.copyOf(examples));
  }

  /** {@code <index>/<id>}, as the comparison keys documents. */
  static String key(String index, String id) {
    return index + "/" + id;
  }

  /** The document the enrichment makes of an item: the upsert of an INSERT with it as NewImage. */
  public static Optional<Upsert> documentOf(ObjectNode item, Enrichment enrichment, List<String> keyNames) {
    ObjectNode record = ChangeMessages.MAPPER.createObjectNode();
    record.put("eventID", "expected");
    record.put("eventName", "INSERT");
    record.put("eventSource", "aws:dynamodb");
    ObjectNode dynamodb = record.putObject("dynamodb");
    dynamodb.put("ApproximateCreationDateTime", 1_700_000_000L);
    ObjectNode keys = dynamodb.putObject("Keys");
    keyNames.forEach(name -> keys.set(name, item.get(name)));
    dynamodb.set("NewImage", item);
    dynamodb.put("SequenceNumber", "100000000000000000001");
    dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
    List<ChangeMessage> messages = enrichment.enrich(List.of(record)).messages();
    // An item routed nowhere (no route, no default index) becomes an invalid message: no document.
    return messages.stream().filter(Upsert.class::isInstance).map(Upsert.class::cast).findFirst();
  }

  private static Optional<String> eventId(String body) {
    try {
      JsonNode message = ChangeMessages.MAPPER.readTree(body);
      return message.hasNonNull("eventId") ? Optional.of(message.get("eventId").asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void example(List<String> examples, String example) {
    if (examples.size() < EXAMPLES) {
      examples.add(example);
    }
  }
}
