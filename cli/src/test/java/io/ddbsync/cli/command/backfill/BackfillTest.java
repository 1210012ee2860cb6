package io.ddbsync.cli.command.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;


class BackfillTest {

  @TempDir Path dir;

  @Test
  void directBackfillWhileTheStreamFlowsLeavesNoDrift() throws Exception {
    TestTables tables = new TestTables(1);
    List<Map<String, AttributeValue>> loaded = tables.load(3000);
    ChangeStream stream = new ChangeStream(tables, loaded);
    Thread streaming = new Thread(stream, "change-stream");
    streaming.start();
    Commands.Run backfill;
    long changesBefore;
    try {
      changesBefore = stream.changes.get();
      // The read-capacity limit stretches the scan over a few seconds, so the stream changes items
      // before, while and after the scan reads them.
      backfill = Commands.run(new BackfillCommand(), direct(tables),
          List.of("--segments", "3", "--page-size", "50", "--rcu-limit", "100"));
    } finally {
      stream.stop();
      streaming.join();
    }

    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    assertThat(stream.changes.get() - changesBefore).as("changes made during the backfill").isGreaterThan(20);
    JsonNode summary = backfill.json();
    assertThat(summary.path("scanned").asLong()).isGreaterThan(2500);
    assertThat(summary.path("failed").asLong()).isZero();
    assertThat(Files.exists(dir.resolve("checkpoint.json"))).as("checkpoint removed when done").isFalse();

    JsonNode verify = verify(tables);
    assertThat(verify.path("drift").asLong()).as(verify.toString()).isZero();
    assertThat(verify.path("indices").path(tables.orders).path("items").asLong()).isGreaterThan(900);
    verify.path("indices").forEach(counts ->
        assertThat(counts.path("liveDocuments").asLong()).isEqualTo(counts.path("items").asLong()));
    assertThat(refreshInterval(tables, tables.orders)).as("refresh interval restored").isNotEqualTo("-1");
  }

  @Test
  void crashedBackfillResumesFromItsCheckpointWithoutMissingAnItem() throws Exception {
    TestTables tables = new TestTables(2);
    tables.load(600);
    Path checkpoint = dir.resolve("checkpoint.json");
    List<String> options = List.of("--segments", "3", "--page-size", "20", "--bulk-bytes", "10000");

    BackfillCommand crashing = new BackfillCommand();
    AtomicInteger pages = new AtomicInteger();
    crashing.pageListener = segment -> {
      if (pages.incrementAndGet() == 10) {
        throw new IllegalStateException("simulated crash after 10 pages");
      }
    };
    Commands.Run crashed = Commands.run(crashing, direct(tables), options);

    assertThat(crashed.exitCode()).isNotZero();
    assertThat(crashed.err()).contains("simulated crash").contains("run the same command to resume");
    JsonNode progress = ChangeMessages.MAPPER.readTree(Files.readString(checkpoint));
    long handedOff = 0;
    for (JsonNode segment : progress.path("segments")) {
      handedOff += segment.path("items").asLong();
    }
    assertThat(handedOff).isBetween(1L, 599L);
    assertThat(refreshInterval(tables, tables.orders)).as("refresh interval restored after the crash").isNotEqualTo("-1");

    Commands.Run resumed = Commands.run(new BackfillCommand(), direct(tables), concat(options, List.of("--resume")));

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming from");
    assertThat(resumed.json().path("scanned").asLong()).isEqualTo(600 - handedOff);
    assertThat(resumed.json().path("version").asLong()).as("the resumed run writes the first run's version")
        .isEqualTo(ExternalVersion.ofBackfill(progress.path("scanStartSeconds").asLong()));
    assertThat(Files.exists(checkpoint)).isFalse();
    JsonNode verify = verify(tables);
    assertThat(verify.path("drift").asLong()).as(verify.toString()).isZero();
    assertThat(verify.path("indices").path(tables.orders).path("liveDocuments").asLong()).isEqualTo(200);
  }

  private List<String> direct(TestTables tables) {
    return tables.directBackfillOptions(dir.resolve("checkpoint.json"));
  }

  static JsonNode verify(TestTables tables) {
    Commands.Run run = tables.verify(List.of());
    assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
    return run.json();
  }

  static String refreshInterval(TestTables tables, String index) {
    return tables.openSearch.json("GET", "/" + index + "/_settings/index.refresh_interval", null)
        .findPath("refresh_interval").asText("default");
  }

  static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
