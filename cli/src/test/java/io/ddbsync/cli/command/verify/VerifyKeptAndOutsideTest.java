package io.ddbsync.cli.command.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.command.backfill.BackfillCommand;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.SyncedItem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify with {@code TTL_EXPIRY=keep} (issue 19, case 5: {@code --repair} tombstoned every document the
 * index kept on purpose), and documents left in an index the routes no longer name.
 */
class VerifyKeptAndOutsideTest {

  @TempDir Path dir;

  @Test
  void documentsOfExpiredItemsAreKeptNotRepairedWhenTtlExpiryIsKeep() throws Exception {
    TestTables tables = loadedAndBackfilled(5);
    long past = Instant.now().getEpochSecond() - 3600;
    long future = Instant.now().getEpochSecond() + 86_400;
    put(tables, tables.others, "ITEM#expired|1", "{\"name\":\"kept\",\"expiresAt\":" + past + "}");
    put(tables, tables.orders, "ITEM#expired|2", "{\"name\":\"kept\",\"expiresAt\":" + past + "}");
    put(tables, tables.others, "ITEM#deleted|3", "{\"name\":\"no ttl\"}");
    put(tables, tables.others, "ITEM#deleted|4", "{\"name\":\"not expired\",\"expiresAt\":" + future + "}");

    Commands.Run repaired = tables.verify(List.of("--config", "TTL_EXPIRY=keep", "--ttl-attribute", "expiresAt",
        "--repair", "--clock-skew-seconds", "0"));

    JsonNode report = repaired.json();
    assertThat(report.path("ttlKept").asLong()).isEqualTo(2);
    assertThat(ids(report.path("extraDocuments")))
        .containsExactly(tables.others + "/ITEM#deleted|3", tables.others + "/ITEM#deleted|4");
    assertThat(report.path("repair").path("written").asLong()).isEqualTo(2);
    Commands.Run again = tables.verify(List.of("--config", "TTL_EXPIRY=keep", "--ttl-attribute", "expiresAt"));
    assertThat(again.exitCode()).as(again.out()).isZero();
    assertThat(again.json().path("ttlKept").asLong()).isEqualTo(2);
    assertThat(live(tables, tables.others, "ITEM#expired|1")).isTrue();
    assertThat(live(tables, tables.orders, "ITEM#expired|2")).isTrue();
  }

  @Test
  void withKeepAndNoKnownTtlAttributeExtrasAreReportedButNotTombstoned() throws Exception {
    TestTables tables = loadedAndBackfilled(6);
    put(tables, tables.others, "ITEM#expired|1", "{\"name\":\"kept\",\"expiresAt\":1700000000}");

    // dynalite's DescribeTimeToLive answers DISABLED: the table names no TTL attribute.
    Commands.Run run = tables.verify(List.of("--config", "TTL_EXPIRY=keep", "--repair", "--clock-skew-seconds", "0"));

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = run.json();
    assertThat(report.path("extra").asLong()).isEqualTo(1);
    assertThat(report.path("extraNotRepairable").asLong()).isEqualTo(1);
    assertThat(report.path("extraNotRepairableReason").asText())
        .contains("TTL_EXPIRY=keep", "DISABLED", "--ttl-attribute");
    assertThat(report.has("repair")).as("nothing else drifted, so nothing was written").isFalse();
    assertThat(live(tables, tables.others, "ITEM#expired|1")).isTrue();
  }

  @Test
  void aDocumentLeftInAnIndexDroppedFromTheRoutesIsReportedThenRepairedAsAFormerIndex() throws Exception {
    TestTables tables = loadedAndBackfilled(7);
    SyncedItem item = ((ItemDocuments.Converted.Routed) tables.documents().convert(tables.item(3, 0))).item();
    String dropped = "dropped-" + tables.table;
    tables.openSearch.json("PUT", "/" + dropped, "{\"mappings\":{\"dynamic\":false}}");
    put(tables, dropped, item.id(), item.document().deepCopy().put("name", "old route").toString());
    put(tables, dropped, "ITEM#gone|0", "{\"name\":\"deleted item, old route\"}");
    String olderGeneration = tables.others + "-000000"; // as a reindex leaves it until --delete-old
    put(tables, olderGeneration, item.id(), "{\"name\":\"before the reindex\"}");

    Commands.Run plain = tables.verify(List.of());

    assertThat(plain.exitCode()).as("the routed indices match the table").isZero();
    assertThat(plain.json().path("elsewhere").path(dropped).asLong()).isEqualTo(1);
    assertThat(plain.json().path("elsewhere").has(olderGeneration)).as("a generation of a routed index").isFalse();

    Commands.Run repaired = tables.verify(List.of("--former-index", dropped, "--repair", "--clock-skew-seconds", "0"));

    assertThat(repaired.exitCode()).isEqualTo(1);
    assertThat(ids(repaired.json().path("extraDocuments")))
        .containsExactlyInAnyOrder(dropped + "/ITEM#gone|0", dropped + "/" + item.id());
    assertThat(repaired.json().path("repair").path("written").asLong()).isEqualTo(2);
    assertThat(live(tables, dropped, item.id())).as("tombstoned").isFalse();
    assertThat(tables.verify(List.of("--former-index", dropped)).exitCode()).isZero();
    assertThat(tables.verify(List.of()).json().path("elsewhere").has(dropped)).isFalse();
  }

  private TestTables loadedAndBackfilled(long seed) {
    TestTables tables = new TestTables(seed);
    tables.load(50);
    Commands.Run backfill = Commands.run(new BackfillCommand(),
        tables.directBackfillOptions(dir.resolve("checkpoint.json")), List.of());
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    return tables;
  }

  private static void put(TestTables tables, String index, String id, String source) {
    tables.openSearch.json("PUT", "/" + index + "/_doc/" + encode(id) + "?refresh=true", source);
  }

  private static boolean live(TestTables tables, String index, String id) {
    JsonNode doc = tables.openSearch.json("GET", "/" + index + "/_doc/" + encode(id), null);
    return doc.path("found").asBoolean() && !doc.path("_source").has("@deleted");
  }

  private static List<String> ids(JsonNode listed) {
    return java.util.stream.StreamSupport.stream(listed.spliterator(), false)
        .map(d -> d.path("index").asText() + "/" + d.path("id").asText()).toList();
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
