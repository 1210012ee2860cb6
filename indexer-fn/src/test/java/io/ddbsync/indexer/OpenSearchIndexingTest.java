package io.ddbsync.indexer;

import io.ddbsync.indexer.stage.BatchReport;

import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.keys;
import static io.ddbsync.indexer.TestMessages.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Upsert;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.transport.httpclient5.ResponseException;

/** The indexer's bulk path against a real OpenSearch node. */
class OpenSearchIndexingTest {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final OpenSearchClient client = LocalServices.openSearch();

  private static QueueMessage upsert(String messageId, String group, String index, String id, long version, String document) {
    return queued(messageId, new Upsert(1, group, "e-" + messageId, "e-" + messageId, index, id, version, keys(id), 1_700_000_000L, json(document)));
  }

  private static QueueMessage delete(String messageId, String group, String index, String id, long version) {
    return queued(messageId, new Delete(1, group, "e-" + messageId, "e-" + messageId, index, id, version, keys(id), 1_700_000_100L, false));
  }

  @Test
  void changesOfOneGroupInOneBatchEndInTheLastState() {
    String index = LocalServices.newIndex("order");

    BatchReport.Result result =
        new Harness()
            .index(
                upsert("m1", "o1", index, "o1", 1, "{\"status\":\"new\"}"),
                upsert("m2", "o1", index, "o1", 2, "{\"status\":\"paid\"}"),
                upsert("m3", "o1", index, "o1", 3, "{\"status\":\"shipped\"}"));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(Documents.source(index, "o1")).isEqualTo(json("{\"status\":\"shipped\"}"));
    assertThat(Documents.get(index, "o1").version()).isEqualTo(3L);
  }

  @Test
  void staleVersionIsRefusedAndCountsAsSuccess() {
    String index = LocalServices.newIndex("stale");
    new Harness().index(upsert("m1", "o1", index, "o1", 5, "{\"status\":\"paid\"}"));

    BatchReport.Result result = new Harness().index(upsert("m2", "o1", index, "o1", 4, "{\"status\":\"new\"}"));

    assertThat(result.failedMessageIds()).isEmpty();
    assertThat(result.metrics().conflicts()).isEqualTo(1);
    assertThat(Documents.source(index, "o1")).isEqualTo(json("{\"status\":\"paid\"}"));
  }

  @Test
  void numbersKeepEveryDigit() {
    String index = LocalServices.newIndex("digits");

    new Harness().index(upsert("m1", "o1", index, "o1", 1, "{\"amount\":12345678901234567890.123456789}"));

    assertThat(Documents.get(index, "o1").source().get("amount").decimalValue())
        .isEqualByComparingTo("12345678901234567890.123456789");
  }

  @Test
  void deleteIsATombstoneAndAnOlderWriteCannotResurrectIt() throws IOException {
    String index = LocalServices.newIndex("tomb");
    new Harness().index(upsert("m1", "o1", index, "o1", 1, "{\"status\":\"new\"}"), upsert("m2", "o2", index, "o2", 1, "{}"));

    BatchReport.Result deleted = new Harness().index(delete("m3", "o1", index, "o1", 2));
    BatchReport.Result late = new Harness().index(upsert("m4", "o1", index, "o1", 1, "{\"status\":\"new\"}"));

    assertThat(deleted.metrics().deleted()).isEqualTo(1);
    assertThat(late.failedMessageIds()).isEmpty();
    assertThat(late.metrics().conflicts()).isEqualTo(1);
    assertThat(Documents.source(index, "o1")).hasToString("{\"@deleted\":true,\"@deletedAt\":1700000100,\"@ttl\":false}");
    assertThat(Documents.searchIds(index, index)).containsExactly("o1", "o2");
  }

  @Test
  void tombstonesStillRefuseOlderWritesAfterGcDeletesHasLetARealDeleteResurrect() throws Exception {
    String index = LocalServices.newIndex("gc");
    client.indices().create(c -> c.index(index).settings(s -> s.gcDeletes(g -> g.time("1s"))));
    // "real" is deleted the way the indexer must not: a real delete at version 5.
    client.index(i -> i.index(index).id("real").version(4L).versionType(VersionType.External).document(json("{}")));
    client.delete(d -> d.index(index).id("real").version(5L).versionType(VersionType.External));
    // "tomb" is deleted by the indexer: a tombstone at version 5.
    new Harness().index(upsert("m1", "tomb", index, "tomb", 4, "{}"), delete("m2", "tomb", index, "tomb", 5));

    // Wait (bounded) until gc_deletes has forgotten the real delete: an older write then succeeds.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    boolean resurrected = false;
    while (!resurrected && Instant.now().isBefore(deadline)) {
      client.indices().refresh(r -> r.index(index));
      try {
        client.index(i -> i.index(index).id("real").version(3L).versionType(VersionType.External).document(json("{\"back\":true}")));
        resurrected = true;
      } catch (ResponseException e) {
        // The HttpClient 5 transport reports a single-document 409 this way (opensearch-java issue 1891).
        assertThat(e.status()).isEqualTo(409);
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    }
    assertThat(resurrected).as("a real delete is forgotten after index.gc_deletes").isTrue();

    BatchReport.Result late = new Harness().index(upsert("m3", "tomb", index, "tomb", 3, "{\"back\":true}"));

    assertThat(late.metrics().conflicts()).isEqualTo(1);
    assertThat(Documents.source(index, "tomb").has("@deleted")).isTrue();
  }
}
