package io.ddbsync.cli.command.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.deadletter.RedriveFilter;
import io.ddbsync.cli.shared.deadletter.RedriveTest;
import io.ddbsync.cli.NodeJson;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Upsert;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * A dead letter redriven after newer changes of its item were applied must change nothing: its
 * external version is older, so OpenSearch answers 409 (success, no write), and a delete's tombstone
 * keeps refusing it however short {@code index.gc_deletes} is.
 */
class RedrivenMessagesAreSafeTest {

  static final URI OPENSEARCH = SharedOpenSearch.uri();

  @BeforeAll
  static void start() {
    RedriveTest.start();
  }

  @AfterAll
  static void stop() {
    RedriveTest.stop();
  }

  @Test
  void olderRedrivenMessagesGet409AndTombstonesStopResurrection() throws Exception {
    String index = "redrive-safety-" + UUID.randomUUID();
    NodeJson http = new NodeJson(OPENSEARCH);
    http.json("PUT", "/" + index, "{\"settings\":{\"index\":{\"gc_deletes\":\"0s\",\"number_of_replicas\":0}}}");
    OpenSearchBulkSender bulk = new OpenSearchBulkSender(OpenSearchClients.plain(OPENSEARCH));
    // Applied while the old messages sat in the dead-letter queue: A updated (v20), B deleted (v30).
    apply(bulk, List.of(upsert(index, "A", 20, 2), delete(index, "B", 30)));
    URI dlq = RedriveTest.fifoQueue("dlq");
    URI source = RedriveTest.fifoQueue("src");
    RedriveTest.sqs.sendMessage(b -> b.queueUrl(dlq.toString()).messageBody(ChangeMessages.write(upsert(index, "A", 10, 1)))
        .messageGroupId("A").messageDeduplicationId("a10"));
    RedriveTest.sqs.sendMessage(b -> b.queueUrl(dlq.toString()).messageBody(ChangeMessages.write(upsert(index, "B", 10, 1)))
        .messageGroupId("B").messageDeduplicationId("b10"));

    DeadLetterRedrive redrive = new DeadLetterRedrive(RedriveTest.sqs, Duration.ofSeconds(60), 0);
    redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(source, "src"), RedriveFilter.ALL);
    List<ChangeMessage> redriven = new ArrayList<>();
    for (List<String> bodies : RedriveTest.drain(source).values()) {
      for (String body : bodies) {
        redriven.add(ChangeMessages.read(body));
      }
    }
    List<ItemResult> results = apply(bulk, redriven);

    assertThat(redriven).hasSize(2);
    assertThat(results).containsOnly(new ItemResult.Applied(true));
    JsonNode a = http.json("GET", "/" + index + "/_doc/A", null);
    assertThat(a.path("_version").asLong()).isEqualTo(20);
    assertThat(a.path("_source").path("n").asInt()).isEqualTo(2);
    JsonNode b = http.json("GET", "/" + index + "/_doc/B", null);
    assertThat(b.path("_version").asLong()).isEqualTo(30);
    assertThat(b.path("_source").path(Tombstone.DELETED).asBoolean()).as("still a tombstone, not resurrected").isTrue();
  }

  /** What the indexer writes for each change: the document, or the tombstone of a delete. */
  private static List<ItemResult> apply(OpenSearchBulkSender bulk, List<ChangeMessage> messages) throws Exception {
    List<BulkItem> items = new ArrayList<>();
    for (ChangeMessage message : messages) {
      if (message instanceof Upsert u) {
        items.add(new BulkItem(u.eventId(), u.index(), u.id(), u.version(), u.document(), false));
      } else if (message instanceof Delete d) {
        items.add(new BulkItem(d.eventId(), d.index(), d.id(), d.version(), Tombstone.document(d.streamTime(), d.ttl()), true));
      } else {
        throw new AssertionError("unexpected " + message);
      }
    }
    return bulk.send(items);
  }

  private static Upsert upsert(String index, String id, long version, int n) {
    ObjectNode keys = ChangeMessages.MAPPER.createObjectNode();
    keys.putObject("pk").put("S", id);
    return new Upsert(ChangeMessage.SCHEMA, id, "e" + id + version, "e" + id + version, index, id, version, keys, 1_767_225_600L,
        ChangeMessages.MAPPER.createObjectNode().put("pk", id).put("n", n));
  }

  private static Delete delete(String index, String id, long version) {
    ObjectNode keys = ChangeMessages.MAPPER.createObjectNode();
    keys.putObject("pk").put("S", id);
    return new Delete(ChangeMessage.SCHEMA, id, "e" + id + version, "e" + id + version, index, id, version, keys, 1_767_225_600L, false);
  }

}
