package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.delete;
import static io.ddbsync.indexer.TestMessages.fetch;
import static io.ddbsync.indexer.TestMessages.json;
import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.kept.DocumentRef;
import io.ddbsync.indexer.kept.KeptDocuments;
import io.ddbsync.indexer.kept.LiveVersions;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.testsupport.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeptDocumentStageTest {

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final Map<DocumentRef, Long> live = new HashMap<>();
  private final List<List<DocumentRef>> reads = new ArrayList<>();
  private IOException readFailure;

  private KeptDocumentStage stage() {
    LiveVersions versions = refs -> {
      reads.add(List.copyOf(refs));
      if (readFailure != null) {
        throw readFailure;
      }
      Map<DocumentRef, Long> answer = new HashMap<>();
      refs.forEach(ref -> {
        if (live.containsKey(ref)) {
          answer.put(ref, live.get(ref));
        }
      });
      return answer;
    };
    FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    return new KeptDocumentStage(
        new KeptDocuments(List.of("items", "orders")),
        versions,
        new MessageLog(new JsonLog("test", JsonLog.Level.INFO, new PrintStream(logs, true, StandardCharsets.UTF_8), clock),
            ItemKeyHash.hashed("test")));
  }

  private static List<String> items(Batch batch, int position) {
    return ((Outcome.Ready) batch.outcome(position)).items().stream()
        .map(item -> item.index() + (item.tombstone() ? " tombstone" : " document") + " v" + item.version())
        .toList();
  }

  @Test
  void anUpsertOverAKeptDocumentInAnotherIndexAlsoTombstonesIt() {
    live.put(new DocumentRef("items", "o1"), 3L);
    Batch batch = Parse.batch(List.of(queued("m1", upsert("orders", "o1", 9, "e1", "{\"entityType\":\"Order\"}"))));

    stage().run(batch);

    assertThat(reads).containsExactly(List.of(new DocumentRef("items", "o1")));
    assertThat(items(batch, 0)).containsExactly("orders document v9", "items tombstone v9");
    assertThat(((Outcome.Ready) batch.outcome(0)).items().get(1).document().get(Tombstone.DELETED).booleanValue()).isTrue();
    assertThat(batch.keptReplaced(0)).isOne();
    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("\"message\":\"tombstoning a kept document in another index\"", "\"keptIndex\":\"items\"",
        "\"eventId\":\"e1\"").doesNotContain("\"o1\"");
  }

  @Test
  void withoutAKeptDocumentTheUpsertStaysAsItWas() {
    live.put(new DocumentRef("items", "o1"), 9L);
    Batch batch = Parse.batch(List.of(queued("m1", upsert("orders", "o1", 9, "e1", "{}"))));

    stage().run(batch);

    assertThat(batch.outcome(0)).isEqualTo(Outcome.PENDING);
    assertThat(batch.keptReplaced(0)).isZero();
  }

  @Test
  void aFetchedItemGetsTheSameCheck() {
    live.put(new DocumentRef("items", "o1"), 3L);
    Batch batch = Parse.batch(List.of(queued("m1", fetch("orders", "o1", 9, "e1"))));
    batch.set(0, new Outcome.Ready(List.of(
        new BulkItem("m1", "orders", "o1", 9, json("{}"), false))));

    stage().run(batch);

    assertThat(items(batch, 0)).containsExactly("orders document v9", "items tombstone v9");
  }

  @Test
  void deletesAndAMovesOwnDeleteNeedNoRead() {
    Batch batch = Parse.batch(List.of(
        queued("m1", delete("items", "o1", 9, "e1", false)),
        queued("m2", upsert("orders", "o1", 9, "e1:moved", "{}"))));

    stage().run(batch);

    assertThat(reads).isEmpty();
    assertThat(batch.outcome(1)).isEqualTo(Outcome.PENDING);
  }

  @Test
  void aFailedReadRetriesTheMessagesThatNeededItAndHoldsBackTheirGroups() {
    readFailure = new IOException("_mget refused: 429");
    Batch batch = Parse.batch(List.of(
        queued("m1", upsert("orders", "o1", 9, "e1", "{}")),
        queued("m2", delete("orders", "o2", 4, "e2", false)),
        queued("m3", delete("orders", "o1", 10, "e3", false))));

    stage().run(batch);

    assertThat(batch.outcome(0)).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) batch.outcome(0)).reason()).contains("kept documents", "429");
    assertThat(batch.outcome(1)).isEqualTo(Outcome.PENDING);
    assertThat(batch.reportedFailed(2)).as("behind m1 in group o1").isTrue();
  }
}
