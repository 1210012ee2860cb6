package io.ddbsync.indexer;

import io.ddbsync.testsupport.TestContext;

import io.ddbsync.testsupport.Samples;

import io.ddbsync.testsupport.FakeClock;

import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Every SQS event in samples/indexer (usable with {@code sam local invoke -e}) goes through the
 * handler against the embedded node, ElasticMQ and dynalite, and its outcome is checked.
 */
class SampleEventsTest {

  private static final Path SAMPLES = Samples.path("indexer");

  /* The events' JSON uses Lambda's names (Records, eventSourceARN); the POJOs' setters differ in case. */
  private static final ObjectMapper EVENTS =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final OpenSearchClient client = LocalServices.openSearch();
  private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
  private final FakeClock retryClock = new FakeClock(Instant.now());

  private static SQSEvent load(String name) throws IOException {
    return EVENTS.readValue(Files.readAllBytes(SAMPLES.resolve(name + ".json")), SQSEvent.class);
  }

  private void freshIndex(String... indices) throws IOException {
    for (String index : indices) {
      if (client.indices().exists(e -> e.index(index)).value()) {
        client.indices().delete(d -> d.index(index));
      }
    }
  }

  private SQSBatchResponse invoke(Harness harness, SQSEvent event) {
    return harness
        .retries(2, retryClock::sleep)
        .handler(new PrintStream(metrics, true, StandardCharsets.UTF_8))
        .handleRequest(event, new TestContext(60_000));
  }

  private JsonNode emf() throws IOException {
    return ChangeMessages.MAPPER.readTree(metrics.toString(StandardCharsets.UTF_8));
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
  }

  private static String id(SQSEvent event, int record) {
    return event.getRecords().get(record).getMessageId();
  }

  private static List<Message> drain(String queueUrl, int expected) {
    List<Message> received = new ArrayList<>();
    for (int round = 0; round < 10 && received.size() < expected; round++) {
      received.addAll(
          LocalServices.sqs()
              .receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                  .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages());
    }
    return received;
  }

  @Test
  void upsertsAreIndexedInGroupOrder() throws IOException {
    freshIndex("samples-orders");
    SQSEvent event = load("upserts");

    SQSBatchResponse response = invoke(new Harness(), event);

    assertThat(failedIds(response)).isEmpty();
    assertThat(Documents.source("samples-orders", "ORDER#1")).isEqualTo(json("{\"pk\":\"ORDER#1\",\"status\":\"paid\",\"total\":12.5,\"items\":2}"));
    assertThat(Documents.source("samples-orders", "ORDER#2").get("total").decimalValue()).isEqualByComparingTo("99.99");
    assertThat(emf().get("indexed").asInt()).isEqualTo(3);
  }

  @Test
  void deletesBecomeTombstonesAndTtlRemovalsAreMarked() throws IOException {
    freshIndex("samples-sessions");

    SQSBatchResponse response = invoke(new Harness(), load("deletes"));

    assertThat(failedIds(response)).isEmpty();
    assertThat(Documents.source("samples-sessions", "SESSION#1"))
        .hasToString("{\"@deleted\":true,\"@deletedAt\":1700000005,\"@ttl\":false}");
    assertThat(Documents.source("samples-sessions", "SESSION#2"))
        .hasToString("{\"@deleted\":true,\"@deletedAt\":1700007200,\"@ttl\":true}");
    assertThat(emf().get("indexed").asInt()).isEqualTo(2);
    assertThat(emf().get("deleted").asInt()).isEqualTo(2);
  }

  @Test
  void olderVersionAfterANewerOneIsAConflictNotAFailure() throws IOException {
    freshIndex("samples-conflict");

    SQSBatchResponse response = invoke(new Harness(), load("version-conflict"));

    assertThat(failedIds(response)).isEmpty();
    assertThat(Documents.source("samples-conflict", "ORDER#7").get("status").asText()).isEqualTo("shipped");
    assertThat(emf().get("conflicts").asInt()).isEqualTo(1);
  }

  /** Creates {@code index} with the settings and mappings of opensearch/index-template.json, as bootstrap does. */
  private void templatedIndex(String index) throws IOException {
    freshIndex(index);
    JsonNode template = ChangeMessages.MAPPER.readTree(Samples.dir().resolveSibling("opensearch").resolve("index-template.json").toFile());
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    body.set("settings", template.at("/template/settings"));
    body.set("mappings", template.at("/template/mappings"));
    try (Response response = client.generic().execute(Requests.builder().method("PUT").endpoint("/" + index)
        .body(Body.from(body.toString().getBytes(StandardCharsets.UTF_8), "application/json")).build())) {
      assertThat(response.getStatus()).as("index %s created", index).isEqualTo(200);
    }
  }

  @Test
  void itemsWhoseAttributeTypesDifferAreAllIndexedWithWhatNoMappingTakesKeptAside() throws IOException {
    templatedIndex("samples-drift");
    String dlq = LocalServices.newFifoQueue("samples-dlq");

    SQSBatchResponse response = invoke(new Harness().deadLetterQueue(dlq), load("type-drift"));

    assertThat(failedIds(response)).isEmpty();
    assertThat(emf().get("deadLettered").asInt()).isZero();
    assertThat(emf().get("UnindexedFields").asInt()).isEqualTo(2);
    // total and paid do not fit the double and boolean fields: ignore_malformed keeps them unindexed
    // at their own path. shipping (a string where an object is mapped) and tags (a list mixing
    // types) fit no mapping: kept under @unindexed, at their own path.
    assertThat(Documents.source("samples-drift", "ORDER#2")).isEqualTo(json(
        "{\"pk\":\"ORDER#2\",\"total\":\"twelve\",\"paid\":\"yes\","
            + "\"@unindexed\":{\"tags\":[1,\"web\",{\"promo\":true}],\"shipping\":\"Lyon\"}}"));
    assertThat(Documents.source("samples-drift", "ORDER#1").get("shipping").get("city").asText()).isEqualTo("Lyon");

    // A later change whose values fit the mapping puts them back at their own path.
    harnessIndex(queued("m3", upsert("samples-drift", "ORDER#2", 524686948774711203L, "d3",
        "{\"pk\":\"ORDER#2\",\"total\":13,\"shipping\":{\"city\":\"Nantes\"},\"tags\":[\"web\"]}")));
    assertThat(Documents.source("samples-drift", "ORDER#2"))
        .isEqualTo(json("{\"pk\":\"ORDER#2\",\"total\":13,\"shipping\":{\"city\":\"Nantes\"},\"tags\":[\"web\"]}"));
  }

  private static void harnessIndex(QueueMessage message) {
    assertThat(new Harness().index(message).failedMessageIds()).isEmpty();
  }

  @Test
  void genuinePoisonIsDeadLetteredWithItsReasonAndTheRestIsIndexed() throws IOException {
    templatedIndex("samples-poison");
    String dlq = LocalServices.newFifoQueue("samples-dlq");
    SQSEvent event = load("poison-depth");

    SQSBatchResponse response = invoke(new Harness().deadLetterQueue(dlq), event);

    assertThat(failedIds(response)).isEmpty();
    assertThat(Documents.source("samples-poison", "ORDER#2").get("total").asInt()).isEqualTo(13);
    assertThat(drain(dlq, 1)).singleElement().satisfies(message -> {
      assertThat(message.body()).isEqualTo(event.getRecords().get(0).getBody());
      assertThat(message.messageAttributes().get("ddbsync-kind").stringValue()).isEqualTo("mapping");
      assertThat(message.messageAttributes().get("ddbsync-reason").stringValue())
          .contains("depth of the field has exceeded the allowed limit of [20]");
      assertThat(message.messageAttributes().get("ddbsync-source-message-id").stringValue()).isEqualTo(id(event, 0));
    });
    assertThat(emf().get("deadLettered").asInt()).isEqualTo(1);
    assertThat(emf().get("UnindexedFields").asInt()).isZero();
  }

  @Test
  void fetchIndexesTheItemReadFromTheTable() throws IOException {
    freshIndex("samples-fetched");
    String table = LocalServices.newTable("samples-items", "pk");
    LocalServices.dynamoDb().putItem(p -> p.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS("ORDER#42"),
        "status", AttributeValue.fromS("paid"),
        "lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", AttributeValue.fromS("A-1"), "qty", AttributeValue.fromN("3"))))))));

    SQSBatchResponse response = invoke(new Harness().table(table), load("fetch"));

    assertThat(failedIds(response)).isEmpty();
    assertThat(Documents.source("samples-fetched", "ORDER#42"))
        .isEqualTo(json("{\"pk\":\"ORDER#42\",\"status\":\"paid\",\"lines\":[{\"sku\":\"A-1\",\"qty\":3}]}"));
    assertThat(Documents.get("samples-fetched", "ORDER#43").found()).as("a gone item is not written").isFalse();
  }

  @Test
  void malformedAndInvalidMessagesAreDeadLetteredWithTheirKind() throws IOException {
    String dlq = LocalServices.newFifoQueue("samples-dlq");
    SQSEvent event = load("malformed");

    SQSBatchResponse response = invoke(new Harness().deadLetterQueue(dlq), event);

    assertThat(failedIds(response)).isEmpty();
    List<Message> dead = drain(dlq, 3);
    assertThat(dead)
        .extracting(m -> m.messageAttributes().get("ddbsync-source-message-id").stringValue(),
            m -> m.messageAttributes().get("ddbsync-kind").stringValue())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(id(event, 0), "malformed"),
            org.assertj.core.groups.Tuple.tuple(id(event, 1), "malformed"),
            org.assertj.core.groups.Tuple.tuple(id(event, 2), "invalid"));
    assertThat(dead)
        .filteredOn(m -> m.messageAttributes().get("ddbsync-source-message-id").stringValue().equals(id(event, 1)))
        .singleElement()
        .satisfies(m -> assertThat(m.messageAttributes().get("ddbsync-reason").stringValue()).contains("unsupported schema 2"));
  }

  @Test
  void whenOneGroupFailsOnlyThatGroupsMessagesAreReported() throws IOException {
    freshIndex("samples-blocked", "samples-open");
    // A flood-stage disk block: OpenSearch answers every write to the index with 429.
    client.indices().create(c -> c.index("samples-blocked"));
    client.indices().putSettings(s -> s.index("samples-blocked").settings(b -> b.blocksReadOnlyAllowDelete(true)));
    SQSEvent event = load("mixed-groups-one-fails");

    SQSBatchResponse response;
    try {
      response = invoke(new Harness(), event);
    } finally {
      // The block refuses settings changes too, but lets the index be deleted.
      client.indices().delete(d -> d.index("samples-blocked"));
    }

    assertThat(failedIds(response)).containsExactly(id(event, 0), id(event, 2));
    assertThat(Documents.source("samples-open", "ORDER#9").get("status").asText()).isEqualTo("paid");
    assertThat(emf().get("retried").asInt()).isEqualTo(4);
    assertThat(emf().get("failed").asInt()).isEqualTo(2);
  }
}
