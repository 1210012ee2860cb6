package io.ddbsync.enrichment;

import static io.ddbsync.testsupport.Json.json;
import static io.ddbsync.testsupport.Json.object;
import static io.ddbsync.testsupport.Json.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.FetchReason;
import io.ddbsync.message.Invalid;
import io.ddbsync.message.Upsert;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentTest {

  private static final String KEYS = "{'pk':{'S':'ORDER#1'},'sk':{'S':'META'}}";
  private static final String OLD =
      "{'pk':{'S':'ORDER#1'},'sk':{'S':'META'},'entityType':{'S':'Order'},'status':{'S':'NEW'},'updatedAt':{'S':'t1'}}";
  private static final String NEW =
      "{'pk':{'S':'ORDER#1'},'sk':{'S':'META'},'entityType':{'S':'Order'},'status':{'S':'PAID'},'updatedAt':{'S':'t2'}}";
  private static final long VERSION = ExternalVersion.ofStreamChange(1_718_000_000L, "4421584500000000017450439091");
  private static final String EVENT_ID = "c81e728d9d4c2f636f067f89cc14862c";

  private static Enrichment enrichment(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("KEY_ATTRIBUTES", "pk,sk");
    env.put("ROUTES", "entityType=Order=>orders;pk^CUSTOMER#=>customers");
    env.put("IGNORED_ATTRIBUTES", "updatedAt");
    env.putAll(extra);
    return new Enrichment(EnrichmentConfig.fromEnv(env));
  }

  private static final Enrichment ENRICHMENT = enrichment(Map.of());

  private static List<ChangeMessage> enrich(JsonNode... records) {
    return ENRICHMENT.enrich(List.of(records)).messages();
  }

  private static ObjectNode ttl(ObjectNode record) {
    record.set("userIdentity", json("{'type':'Service','principalId':'dynamodb.amazonaws.com'}"));
    return record;
  }

  @Test
  void insertBecomesUpsertOfTheProjectedNewImage() {
    assertThat(enrich(record("INSERT", "NEW_AND_OLD_IMAGES", KEYS, NEW, null)))
        .containsExactly(
            new Upsert(1, "ORDER#1|META", EVENT_ID, EVENT_ID, "orders", "ORDER#1|META", VERSION,
                object(KEYS), 1_718_000_000L,
                object("{'pk':'ORDER#1','sk':'META','entityType':'Order','status':'PAID'}")));
  }

  @Test
  void modifyOfAnIndexedAttributeBecomesUpsert() {
    List<ChangeMessage> messages = enrich(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, NEW, OLD));

    assertThat(messages).singleElement().isInstanceOf(Upsert.class);
    assertThat(((Upsert) messages.get(0)).document().get("status").textValue()).isEqualTo("PAID");
  }

  @Test
  void modifyOfOnlyIgnoredAttributesIsSkippedAndCounted() {
    String touched = OLD.replace("'t1'", "'t9'");
    EnrichmentResult result = ENRICHMENT.enrich(List.of(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, touched, OLD)));

    assertThat(result.messages()).isEmpty();
    assertThat(result.counts()).isEqualTo(new EnrichmentCounts(1, 0, 0, 0, 0, 1, 0, 0));
  }

  @Test
  void newImageStreamUpsertsWithoutDiffing() {
    List<ChangeMessage> messages = enrich(record("MODIFY", "NEW_IMAGE", KEYS, OLD.replace("'t1'", "'t9'"), null));

    assertThat(messages).singleElement().isInstanceOf(Upsert.class);
  }

  @Test
  void keysOnlyAndOldImageStreamsAskTheIndexerToFetch() {
    Enrichment byKey = enrichment(Map.of("ROUTES", "pk^CUSTOMER#=>customers"));

    assertThat(byKey.enrich(List.of(record("INSERT", "KEYS_ONLY", KEYS, null, null))).messages())
        .containsExactly(
            new Fetch(1, "ORDER#1|META", EVENT_ID, EVENT_ID, "items", "ORDER#1|META", VERSION, object(KEYS),
                1_718_000_000L, FetchReason.KEYS_ONLY));
    assertThat(enrich(record("MODIFY", "OLD_IMAGE", KEYS, null, OLD)))
        .singleElement()
        .isEqualTo(
            new Fetch(1, "ORDER#1|META", EVENT_ID, EVENT_ID, "orders", "ORDER#1|META", VERSION, object(KEYS),
                1_718_000_000L, FetchReason.OLD_IMAGE));
  }

  @Test
  void removeBecomesDeleteRoutedOnTheOldImage() {
    assertThat(enrich(record("REMOVE", "NEW_AND_OLD_IMAGES", KEYS, null, OLD)))
        .containsExactly(
            new Delete(1, "ORDER#1|META", EVENT_ID, EVENT_ID, "orders", "ORDER#1|META", VERSION, object(KEYS),
                1_718_000_000L, false));
  }

  @Test
  void removeInEveryViewTypeBecomesDelete() {
    Enrichment byKey = enrichment(Map.of("ROUTES", "pk^CUSTOMER#=>customers"));
    for (String viewType : List.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")) {
      String old = viewType.contains("OLD") ? OLD : null;
      assertThat(byKey.enrich(List.of(record("REMOVE", viewType, KEYS, null, old))).messages())
          .as(viewType)
          .singleElement()
          .isInstanceOf(Delete.class);
    }
  }

  @Test
  void removeOfExpiredItemIsMarkedAsTtl() {
    assertThat(enrich(ttl(record("REMOVE", "NEW_AND_OLD_IMAGES", KEYS, null, OLD))))
        .singleElement()
        .extracting(m -> ((Delete) m).ttl())
        .isEqualTo(true);
  }

  @Test
  void expiredItemIsKeptWhenTtlExpiryIsKeep() {
    EnrichmentResult result =
        enrichment(Map.of("TTL_EXPIRY", "keep"))
            .enrich(List.of(ttl(record("REMOVE", "NEW_AND_OLD_IMAGES", KEYS, null, OLD))));

    assertThat(result.messages()).isEmpty();
    assertThat(result.counts()).isEqualTo(new EnrichmentCounts(1, 0, 0, 0, 0, 0, 1, 0));
  }

  @Test
  void userRemoveIsDeletedEvenWhenTtlExpiryIsKeep() {
    assertThat(
            enrichment(Map.of("TTL_EXPIRY", "keep"))
                .enrich(List.of(record("REMOVE", "NEW_AND_OLD_IMAGES", KEYS, null, OLD)))
                .messages())
        .singleElement()
        .isInstanceOf(Delete.class);
  }

  @Test
  void changeOfTheRoutingAttributeTombstonesTheDocumentInTheIndexItLeaves() {
    String customer = NEW.replace("'Order'", "'Archived'");
    List<ChangeMessage> messages = enrich(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, customer, OLD));

    assertThat(messages).hasSize(2);
    Delete delete = (Delete) messages.get(0);
    Upsert upsert = (Upsert) messages.get(1);
    assertThat(delete.index()).isEqualTo("orders");
    assertThat(upsert.index()).isEqualTo("items");
    assertThat(delete.dedupId()).isEqualTo(EVENT_ID + ":moved").isNotEqualTo(upsert.dedupId());
    assertThat(delete.groupId()).isEqualTo(upsert.groupId());
    assertThat(delete.version()).isEqualTo(upsert.version());
  }

  @Test
  void itemLeavingEveryRouteIsTombstonedInItsOldIndexThenReportedInvalid() {
    String archived = NEW.replace("'Order'", "'Archived'");
    EnrichmentResult result = enrichment(Map.of("DEFAULT_INDEX", ""))
        .enrich(List.of(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, archived, OLD)));

    assertThat(result.messages()).hasSize(2);
    assertThat(result.messages().get(0)).isEqualTo(
        new Delete(1, "ORDER#1|META", EVENT_ID + ":moved", EVENT_ID, "orders", "ORDER#1|META", VERSION, object(KEYS),
            1_718_000_000L, false));
    Invalid invalid = (Invalid) result.messages().get(1);
    assertThat(invalid.reason()).isEqualTo("unroutable: no route matches and DEFAULT_INDEX is empty");
    assertThat(invalid.groupId()).isEqualTo("ORDER#1|META");
    assertThat(invalid.dedupId()).isEqualTo(EVENT_ID);
    assertThat(result.counts()).isEqualTo(new EnrichmentCounts(1, 0, 1, 0, 1, 0, 0, 0));
  }

  @Test
  void removeOfAnItemThatRoutedNowhereIsSkippedAndCountedUnrouted() {
    Enrichment noDefault = enrichment(Map.of("DEFAULT_INDEX", ""));
    String archived = OLD.replace("'Order'", "'Archived'");

    EnrichmentResult result = noDefault.enrich(List.of(record("REMOVE", "NEW_AND_OLD_IMAGES", KEYS, null, archived)));

    assertThat(result.messages()).isEmpty();
    assertThat(result.counts()).isEqualTo(new EnrichmentCounts(1, 0, 0, 0, 0, 0, 0, 1));
    assertThat(enrichment(Map.of("DEFAULT_INDEX", "", "ROUTES", "pk^CUSTOMER#=>customers"))
            .enrich(List.of(record("REMOVE", "KEYS_ONLY", KEYS, null, null))).counts().unrouted())
        .isEqualTo(1);
  }

  @Test
  void itemEnteringARouteFromNoIndexIsUpsertedWholeEvenIfTheProjectionIsUnchanged() {
    Enrichment noDefault = enrichment(Map.of("DEFAULT_INDEX", "", "IGNORED_ATTRIBUTES", "updatedAt,entityType"));
    String archived = OLD.replace("'Order'", "'Archived'");

    List<ChangeMessage> messages =
        noDefault.enrich(List.of(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, OLD, archived))).messages();

    assertThat(messages).singleElement().isInstanceOfSatisfying(Upsert.class, upsert -> {
      assertThat(upsert.index()).isEqualTo("orders");
      assertThat(upsert.document()).isEqualTo(object("{'pk':'ORDER#1','sk':'META','status':'NEW'}"));
    });
  }

  @Test
  void oldImageModifyFetchCarriesTheIndexOfTheOldImageWhereTheDocumentIs() {
    String quote = OLD.replace("'Order'", "'Quote'");

    assertThat(enrich(record("MODIFY", "OLD_IMAGE", KEYS, null, quote)))
        .singleElement()
        .isInstanceOfSatisfying(Fetch.class, fetch -> assertThat(fetch.index()).isEqualTo("items"));
  }

  @Test
  void oldImageInsertFetchNamesNoIndexEvenWhenRoutesTestAttributesItDoesNotCarry() {
    // The first route tests entityType, which an INSERT's keys lack: the indexer routes the item.
    assertThat(enrich(record("INSERT", "OLD_IMAGE", KEYS, null, null)))
        .singleElement()
        .isEqualTo(
            new Fetch(1, "ORDER#1|META", EVENT_ID, EVENT_ID, Fetch.NO_INDEX, "ORDER#1|META", VERSION, object(KEYS),
                1_718_000_000L, FetchReason.OLD_IMAGE));
  }

  @Test
  void oldImageInsertNamesNoIndexWithoutADefaultIndexToo() {
    EnrichmentResult result =
        enrichment(Map.of("DEFAULT_INDEX", "")).enrich(List.of(record("INSERT", "OLD_IMAGE", KEYS, null, null)));

    assertThat(result.messages())
        .singleElement()
        .isInstanceOfSatisfying(Fetch.class, fetch -> assertThat(fetch.index()).isEqualTo(Fetch.NO_INDEX));
    assertThat(result.counts().invalid()).isZero();
  }

  @Test
  void oldImageModifyFromNoRouteNamesNoIndexSoTheIndexerRoutesTheCurrentItem() {
    // An order line that becomes an Order: the old image routes nowhere, so no document is anywhere.
    String line = OLD.replace("'Order'", "'OrderLine'");
    EnrichmentResult result =
        enrichment(Map.of("DEFAULT_INDEX", "")).enrich(List.of(record("MODIFY", "OLD_IMAGE", KEYS, null, line)));

    assertThat(result.messages())
        .singleElement()
        .isInstanceOfSatisfying(Fetch.class, fetch -> assertThat(fetch.index()).isEqualTo(Fetch.NO_INDEX));
    assertThat(result.counts().invalid()).isZero();
  }

  @Test
  void oldImageModifyWithoutOldImageIsStillRoutedOnlyByItsKeys() {
    List<ChangeMessage> messages = enrich(record("MODIFY", "OLD_IMAGE", KEYS, null, null));

    assertThat(messages)
        .singleElement()
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason())
            .startsWith("cannot route: ROUTES tests attribute 'entityType' but an OLD_IMAGE MODIFY without OldImage"));
  }

  @Test
  void keysOnlyInsertIsStillRefusedWhenRoutesTestAnotherAttribute() {
    // Its MODIFYs and REMOVEs cannot be routed either: indexing the INSERT alone would leave
    // documents that no later change updates or deletes.
    assertThat(enrich(record("INSERT", "KEYS_ONLY", KEYS, null, null)))
        .singleElement()
        .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason())
            .startsWith("cannot route: ROUTES tests attribute 'entityType' but a KEYS_ONLY record"));
  }

  @Test
  void upsertOverTheMessageBudgetBecomesFetchTooLarge() {
    String big = NEW.replace("'PAID'", "'" + "x".repeat(40_000) + "'");
    List<ChangeMessage> messages =
        enrichment(Map.of("MAX_MESSAGE_BYTES", "50000"))
            .enrich(List.of(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, big, OLD)))
            .messages();

    assertThat(messages).singleElement().isInstanceOf(Fetch.class);
    assertThat(((Fetch) messages.get(0)).reason()).isEqualTo(FetchReason.TOO_LARGE);
  }

  @Test
  void upsertJustWithinTheBudgetStaysAnUpsert() {
    String big = NEW.replace("'PAID'", "'" + "x".repeat(30_000) + "'");
    assertThat(
            enrichment(Map.of("MAX_MESSAGE_BYTES", "50000"))
                .enrich(List.of(record("MODIFY", "NEW_AND_OLD_IMAGES", KEYS, big, OLD)))
                .messages())
        .singleElement()
        .isInstanceOf(Upsert.class);
  }

  @Test
  void fiveItemsOf300KbTurnTheirLargestUpsertsIntoFetchesUntilTheBatchFitsOneSendMessageBatch() {
    JsonNode[] batch = new JsonNode[5];
    for (int i = 0; i < batch.length; i++) {
      // Sizes differ a little, so "the largest" is well defined: items 4 and 3 are the largest.
      String big = NEW.replace("'PAID'", "'" + "x".repeat(300_000 + i * 1_000) + "'");
      batch[i] = record("INSERT", "NEW_AND_OLD_IMAGES", KEYS.replace("ORDER#1", "ORDER#" + i), big.replace("ORDER#1", "ORDER#" + i), null);
    }
    EnrichmentResult result = ENRICHMENT.enrich(List.of(batch));

    assertThat(result.messages()).extracting(m -> m.getClass().getSimpleName())
        .containsExactly("Upsert", "Upsert", "Upsert", "Fetch", "Fetch");
    assertThat(result.messages().subList(3, 5)).allSatisfy(m -> assertThat(((Fetch) m).reason()).isEqualTo(FetchReason.TOO_LARGE));
    long total = 0;
    for (ChangeMessage message : result.messages()) {
      total += ChangeMessages.write(message).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    assertThat(total).isGreaterThan(900_000).isLessThanOrEqualTo(Enrichment.BATCH_BUDGET_BYTES);
  }

  @Test
  void batchThatFitsOneSendMessageBatchIsLeftAlone() {
    String big = NEW.replace("'PAID'", "'" + "x".repeat(300_000) + "'");
    JsonNode[] batch = new JsonNode[3];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = record("INSERT", "NEW_AND_OLD_IMAGES", KEYS.replace("ORDER#1", "ORDER#" + i), big.replace("ORDER#1", "ORDER#" + i), null);
    }
    assertThat(ENRICHMENT.enrich(List.of(batch)).counts().upserts()).isEqualTo(3);
  }

  @Test
  void recordsWithoutRouteBecomeInvalidWhenThereIsNoDefaultIndex() {
    List<ChangeMessage> messages =
        enrichment(Map.of("DEFAULT_INDEX", ""))
            .enrich(List.of(record("INSERT", "NEW_IMAGE", KEYS, NEW.replace("'Order'", "'Note'"), null)))
            .messages();

    assertThat(messages).singleElement().isInstanceOf(Invalid.class);
    Invalid invalid = (Invalid) messages.get(0);
    assertThat(invalid.reason()).isEqualTo("unroutable: no route matches and DEFAULT_INDEX is empty");
    assertThat(invalid.groupId()).isEqualTo("ORDER#1|META");
  }

  @Test
  void badRecordBecomesInvalidCarryingTheRawRecordAndItsNeighboursGoOn() {
    ObjectNode bad = record("INSERT", "NEW_AND_OLD_IMAGES", KEYS, "{'pk':{'S':'ORDER#1'},'sk':{'S':'META'},'x':{'Z':'1'}}", null);
    ObjectNode good = record("INSERT", "NEW_AND_OLD_IMAGES", KEYS, NEW, null);
    EnrichmentResult result = ENRICHMENT.enrich(List.of(bad, good));

    assertThat(result.messages()).hasSize(2);
    assertThat(result.messages().get(0))
        .isEqualTo(new Invalid(1, "ORDER#1|META", EVENT_ID, EVENT_ID, "attribute NewImage.x has unknown type 'Z'", bad));
    assertThat(result.messages().get(1)).isInstanceOf(Upsert.class);
    assertThat(result.counts()).isEqualTo(new EnrichmentCounts(2, 1, 0, 0, 1, 0, 0, 0));
  }

  @Test
  void invalidWithoutKeysOrEventIdStillHasGroupAndDedupIds() {
    ObjectNode bad = object("{'eventName':'INSERT','dynamodb':{}}");
    Invalid invalid = (Invalid) enrich(bad).get(0);

    assertThat(invalid.reason()).isEqualTo("missing eventID");
    assertThat(invalid.eventId()).isEmpty();
    assertThat(invalid.dedupId()).matches("[0-9a-f]{64}");
    assertThat(invalid.groupId()).isEqualTo(invalid.dedupId());
  }

  @Test
  void invalidRecordTooLargeForTheQueueIsSummarisedWithoutItsImages() {
    String big = "{'pk':{'S':'ORDER#1'},'sk':{'S':'META'},'x':{'Z':'" + "y".repeat(60_000) + "'}}";
    List<ChangeMessage> messages =
        enrichment(Map.of("MAX_MESSAGE_BYTES", "50000"))
            .enrich(List.of(record("INSERT", "NEW_AND_OLD_IMAGES", KEYS, big, null)))
            .messages();

    Invalid invalid = (Invalid) messages.get(0);
    assertThat(invalid.reason()).endsWith("(record summarised: too large for the queue)");
    assertThat(invalid.record().path("dynamodb").has("NewImage")).isFalse();
    assertThat(invalid.record().path("eventID").textValue()).isEqualTo(EVENT_ID);
  }

  @Test
  void writtenResponseIsTheJsonArrayOfTheMessages() throws Exception {
    EnrichmentResult result =
        ENRICHMENT.enrich(
            List.of(record("INSERT", "NEW_AND_OLD_IMAGES", KEYS, NEW, null), record("REMOVE", "KEYS_ONLY", KEYS, null, null)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result.writeJsonArray(out);

    JsonNode array = ChangeMessages.MAPPER.readTree(out.toByteArray());
    assertThat(array).hasSize(2);
    assertThat(ChangeMessages.read(array.get(0).toString())).isEqualTo(result.messages().get(0));
    assertThat(ChangeMessages.read(array.get(1).toString())).isEqualTo(result.messages().get(1));
  }
}
