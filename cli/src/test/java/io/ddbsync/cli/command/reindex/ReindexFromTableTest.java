package io.ddbsync.cli.command.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.command.backfill.BackfillCommand;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.indexsetup.IndexState;
import io.ddbsync.indexsetup.OpenSearchCalls;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reindex --from-table} on dynalite and the embedded node: the new generation is filled from
 * the table, not from the old generation, so what the old one got wrong does not carry over.
 */
class ReindexFromTableTest {

  private final OpenSearchCalls calls = new OpenSearchCalls(OpenSearchClients.plain(SharedOpenSearch.uri()).generic());

  @TempDir Path dir;

  @Test
  void newGenerationIsFilledFromTheTableWithTheBackfillVersionAndVerifyFindsNoDrift() throws Exception {
    TestTables tables = tablesWithDamagedFirstGeneration(1, 600);

    Commands.Run run = reindex(new ReindexCommand(), tables);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("step 4/6: fill " + tables.orders + "-000002 from table " + tables.table,
        "step 5/6: verify " + tables.orders + "-000002 against table " + tables.table,
        "200 items routed to " + tables.orders + ", 200 live documents, no drift",
        "step 6/6: point " + tables.orders + "-live at " + tables.orders + "-000002");
    IndexState state = IndexState.read(calls, tables.orders);
    assertThat(state.writeGeneration()).contains(2);
    assertThat(state.liveGeneration()).contains(2);
    long version = fillVersion(run.out());
    Set<Long> versions = new HashSet<>();
    List<String> ids = new ArrayList<>();
    calls.ok("POST", "/" + tables.orders + "-000002/_search", ChangeMessages.MAPPER.readTree("{\"size\":1000,\"version\":true}"))
        .path("hits").path("hits").forEach(hit -> {
          versions.add(hit.path("_version").asLong());
          ids.add(hit.path("_id").asText());
        });
    assertThat(ids).as("only the items routed to the index, the ghost of generation 1 left behind").hasSize(200)
        .doesNotContain("ghost");
    assertThat(versions).containsExactly(version);
    assertThat(version).isLessThanOrEqualTo(ExternalVersion.ofBackfill(Instant.now().getEpochSecond()));
    assertThat(Files.exists(dir.resolve("fill.json"))).as("checkpoint removed once verified").isFalse();
    JsonNode verify = verify(tables);
    assertThat(verify.path("drift").asLong()).as(verify.toString()).isZero();
    assertThat(verify.path("indices").path(tables.orders).path("liveDocuments").asLong()).isEqualTo(200);
  }

  @Test
  void fillKilledMidwayResumesFromItsCheckpointAndConverges() throws Exception {
    TestTables tables = tablesWithDamagedFirstGeneration(2, 600);
    ReindexCommand crashing = new ReindexCommand();
    AtomicInteger pages = new AtomicInteger();
    // 16 segments of one page each: the first page written stops the scan while the others are in flight.
    crashing.fillPageListener = segment -> {
      if (pages.incrementAndGet() == 1) {
        throw new IllegalStateException("killed after the first page of the fill");
      }
    };

    Commands.Run first = reindex(crashing, tables);
    JsonNode checkpoint = ChangeMessages.MAPPER.readTree(Files.readString(dir.resolve("fill.json")));
    long handedOff = 0;
    for (JsonNode segment : checkpoint.path("segments")) {
      handedOff += segment.path("items").asLong();
    }
    IndexState stopped = IndexState.read(calls, tables.orders);
    Commands.Run dryRun = reindex(new ReindexCommand(), tables, "--dry-run");
    Commands.Run second = reindex(new ReindexCommand(), tables);

    assertThat(first.exitCode()).isEqualTo(2);
    assertThat(first.err()).contains("killed after the first page", "run the same command again to resume");
    assertThat(handedOff).isBetween(1L, 599L);
    assertThat(stopped.writeGeneration()).contains(2);
    assertThat(stopped.liveGeneration()).as("readers still on the old generation").contains(1);
    assertThat(dryRun.out()).contains("would 2/4: fill " + tables.orders + "-000002 from table " + tables.table);
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("resuming the fill from", (600 - handedOff) + " items scanned", "no drift");
    assertThat(fillVersion(second.out())).as("the resumed fill writes the first run's version")
        .isEqualTo(ExternalVersion.ofBackfill(checkpoint.path("scanStartSeconds").asLong()));
    assertThat(IndexState.read(calls, tables.orders).liveGeneration()).contains(2);
    JsonNode verify = verify(tables);
    assertThat(verify.path("drift").asLong()).as(verify.toString()).isZero();
  }

  @Test
  void tableOptionsWithoutFromTableAndServerlessAreRefusedByName() throws Exception {
    TestTables tables = new TestTables(3);
    setUpGenerations(tables);

    Commands.Run withoutTable = Commands.run(new ReindexCommand(), List.of("--opensearch", tables.openSearchUrl(),
        "--index", tables.orders, "--segments", "2"), List.of());
    Commands.Run serverless = reindex(new ReindexCommand(), tables, "--opensearch-auth", "sigv4-aoss");
    Commands.Run both = reindex(new ReindexCommand(), tables, "--from-index");

    assertThat(withoutTable.exitCode()).isEqualTo(2);
    assertThat(withoutTable.err()).contains("--segments: for reading a table, which only --from-table does");
    assertThat(serverless.exitCode()).isEqualTo(2);
    assertThat(serverless.err()).contains("OpenSearch Serverless has no index blocks API (PUT <index>/_block/write)");
    assertThat(both.err()).contains("pass --from-index or --from-table, not both");
    assertThat(IndexState.read(calls, tables.orders).generations()).containsOnlyKeys(1);
  }

  /**
   * {@code count} items in the table, backfilled into generation 1 of the orders index, which then
   * loses one document and gains one no item has: a copy of it would keep both faults.
   */
  private TestTables tablesWithDamagedFirstGeneration(long seed, int count) throws Exception {
    TestTables tables = new TestTables(seed);
    tables.load(count);
    setUpGenerations(tables);
    Commands.Run backfill = Commands.run(new BackfillCommand(), tables.directBackfillOptions(dir.resolve("backfill.json")), List.of());
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    String first = tables.orders + "-000001";
    String missing = ((ItemDocuments.Converted.Routed) tables.documents().convert(tables.item(0, 0))).item().id();
    calls.ok("DELETE", "/" + first + "/_doc/" + URLEncoder.encode(missing, StandardCharsets.UTF_8) + "?refresh=true", null);
    calls.ok("PUT", "/" + first + "/_doc/ghost?version=1&version_type=external&refresh=true",
        ChangeMessages.MAPPER.readTree("{\"kind\":\"order\"}"));
    JsonNode damaged = verify(tables);
    assertThat(damaged.path("missing").asLong()).isEqualTo(1);
    assertThat(damaged.path("extra").asLong()).isEqualTo(1);
    return tables;
  }

  /** The orders index as generation 1 behind its aliases, instead of the physical index TestTables made. */
  private static void setUpGenerations(TestTables tables) {
    tables.openSearch.json("DELETE", "/" + tables.orders, null);
    try (OpenSearchConnection openSearch = OpenSearchConnection.plain(SharedOpenSearch.uri())) {
      IndexTemplates.apply(openSearch, List.of(tables.orders));
    }
  }

  private Commands.Run reindex(ReindexCommand command, TestTables tables, String... more) {
    List<String> args = new ArrayList<>(List.of("--opensearch", tables.openSearchUrl(), "--index", tables.orders,
        "--from-table", tables.table, "--endpoint", tables.endpoint(), "--segments", "16",
        "--checkpoint", dir.resolve("fill.json").toString(), "--no-progress"));
    args.addAll(List.of(more));
    return Commands.run(command, args, tables.configOptions());
  }

  private static JsonNode verify(TestTables tables) {
    Commands.Run run = tables.verify(List.of());
    assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
    return run.json();
  }

  /** The version the fill printed. */
  private static long fillVersion(String out) {
    Matcher version = Pattern.compile("not written; version (\\d+)").matcher(out);
    assertThat(version.find()).as(out).isTrue();
    return Long.parseLong(version.group(1));
  }
}
