package io.ddbsync.indexer;

import io.ddbsync.indexer.stage.BatchReport;

import io.ddbsync.testsupport.FakeClock;

import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.keys;
import static io.ddbsync.indexer.TestMessages.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.Upsert;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Poison isolation (ElasticMQ as the dead-letter queue) and retryable failures, on the real node. */
class FailureHandlingTest {

  private static QueueMessage upsert(String messageId, String group, String index, String id, long version, String document) {
    return queued(messageId, new Upsert(1, group, "e-" + messageId, "e-" + messageId, index, id, version, keys(id), 1_700_000_000L, json(document)));
  }

  private static List<Message> receiveAll(String queueUrl, int expected) {
    List<Message> received = new ArrayList<>();
    for (int round = 0; round < 10 && received.size() < expected; round++) {
      received.addAll(
          LocalServices.sqs()
              .receiveMessage(
                  r -> r.queueUrl(queueUrl)
                      .maxNumberOfMessages(10)
                      .waitTimeSeconds(1)
                      .messageAttributeNames("All")
                      .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages());
    }
    return received;
  }

  @Test
  void poisonDocumentGoesToTheDeadLetterQueueWithItsReasonAndTheRestOfItsGroupIsIndexed() throws IOException {
    String index = LocalServices.newIndex("poison");
    LocalServices.openSearch()
        .indices()
        .create(c -> c.index(index).mappings(m -> m.properties("total", p -> p.long_(l -> l))));
    String dlq = LocalServices.newFifoQueue("indexer-dlq");
    // Nested past index.mapping.depth.limit (20): what no document can hold.
    QueueMessage poison = upsert("m1", "o1", index, "o1", 1, "{\"total\":1,\"notes\":" + "{\"a\":".repeat(25) + "\"secret\"" + "}".repeat(26));
    QueueMessage sameGroupLater = upsert("m2", "o1", index, "o1", 2, "{\"total\":12}");
    QueueMessage otherGroup = upsert("m3", "o2", index, "o2", 1, "{\"total\":3}");

    BatchReport.Result result = new Harness().deadLetterQueue(dlq).index(poison, sameGroupLater, otherGroup);

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(result.metrics().deadLettered()).isEqualTo(1);
    assertThat(Documents.source(index, "o1")).isEqualTo(json("{\"total\":12}"));
    assertThat(Documents.source(index, "o2")).isEqualTo(json("{\"total\":3}"));
    List<Message> dead = receiveAll(dlq, 1);
    assertThat(dead).singleElement().satisfies(message -> {
      assertThat(message.body()).isEqualTo(poison.body());
      assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "o1");
      assertThat(message.messageAttributes().get("ddbsync-kind").stringValue()).isEqualTo("mapping");
      assertThat(message.messageAttributes().get("ddbsync-reason").stringValue())
          .startsWith("400 mapper_parsing_exception: failed to parse: The depth of the field has exceeded the allowed limit of [20]")
          .doesNotContain("secret");
      assertThat(message.messageAttributes().get("ddbsync-source-message-id").stringValue()).isEqualTo("m1");
    });
  }

  @Test
  void aValueTheMappingRefusesIsKeptAsideInsteadOfDeadLettered() throws IOException {
    // An index made without the template: no ignore_malformed, so a string in a long field is refused.
    String index = LocalServices.newIndex("refused-value");
    LocalServices.openSearch()
        .indices()
        .create(c -> c.index(index).mappings(m -> m.properties("total", p -> p.long_(l -> l))));
    String dlq = LocalServices.newFifoQueue("indexer-dlq");

    BatchReport.Result result = new Harness().deadLetterQueue(dlq)
        .index(upsert("m1", "o1", index, "o1", 1, "{\"total\":\"twelve\",\"status\":\"paid\"}"));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(result.metrics().deadLettered()).isZero();
    assertThat(result.metrics().unindexedFields()).isEqualTo(1);
    assertThat(Documents.source(index, "o1")).isEqualTo(json("{\"status\":\"paid\",\"@unindexed\":{\"total\":\"twelve\"}}"));
    assertThat(Documents.get(index, "o1").version()).isEqualTo(1);
  }

  @Test
  void unreachableClusterFailsEveryMessageAfterTheRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    FakeClock clock = new FakeClock(java.time.Instant.now());
    Harness harness =
        new Harness()
            .openSearch(OpenSearchClients.plain(URI.create("http://127.0.0.1:" + closedPort)))
            .retries(2, clock::sleep);

    BatchReport.Result result =
        harness.index(upsert("m1", "a", "any", "a", 1, "{}"), upsert("m2", "b", "any", "b", 1, "{}"));

    assertThat(result.failedMessageIds()).containsExactly("m1", "m2");
    assertThat(result.metrics().retried()).isEqualTo(4);
    assertThat(clock.sleeps()).hasSize(2);
    assertThat(harness.logs.toString()).contains("_bulk request failed");
  }
}
