package io.ddbsync.cli.command.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.command.backfill.BackfillCommand;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.SyncedItem;
import io.ddbsync.cli.shared.write.OpenSearchWriter;
import io.ddbsync.cli.shared.write.IndexWriter;
import io.ddbsync.cli.shared.write.Write;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.opensearch.unindexed.UnindexedValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class VerifyTest {

  @TempDir Path dir;

  @Test
  void verifyFindsExactlyTheCorruptedDocumentsAndRepairFixesThem() throws Exception {
    TestTables tables = new TestTables(3);
    List<Map<String, AttributeValue>> items = tables.load(600);
    Commands.Run backfill = Commands.run(new BackfillCommand(), tables.directBackfillOptions(dir.resolve("checkpoint.json")), List.of());
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    assertThat(tables.verify(List.of()).exitCode()).isZero();

    ItemDocuments documents = tables.documents();
    SyncedItem edited = routed(documents, items.get(3)); // kind=order
    SyncedItem deleted = routed(documents, items.get(4)); // kind=other
    String extraId = "ITEM#ghost|0";
    ObjectNode changed = edited.document().deepCopy().put("name", "edited by hand");
    tables.openSearch.json("PUT", "/" + edited.index() + "/_doc/" + encode(edited.id()), changed.toString());
    tables.openSearch.json("DELETE", "/" + deleted.index() + "/_doc/" + encode(deleted.id()), null);
    tables.openSearch.json("PUT", "/" + tables.orders + "/_doc/" + encode(extraId), "{\"name\":\"ghost\"}");

    Commands.Run found = tables.verify(List.of());

    assertThat(found.exitCode()).isEqualTo(1);
    JsonNode report = found.json();
    assertThat(report.path("drift").asLong()).isEqualTo(3);
    assertThat(ids(report.path("staleDocuments"))).containsExactly(edited.index() + "/" + edited.id());
    assertThat(ids(report.path("missingDocuments"))).containsExactly(deleted.index() + "/" + deleted.id());
    assertThat(ids(report.path("extraDocuments"))).containsExactly(tables.orders + "/" + extraId);
    assertThat(report.path("indices").path(tables.orders).path("liveDocuments").asLong()).isEqualTo(201);
    assertThat(report.path("indices").path(tables.others).path("liveDocuments").asLong()).isEqualTo(399);

    // No skew margin: the repair version must beat the hand edit made in this very second.
    Commands.Run repaired = tables.verify(List.of("--repair", "--clock-skew-seconds", "0"));

    assertThat(repaired.exitCode()).as("drift was found, even though it is repaired").isEqualTo(1);
    assertThat(repaired.json().path("repair").path("written").asLong()).isEqualTo(3);
    Commands.Run again = tables.verify(List.of());
    assertThat(again.exitCode()).as(again.out()).isZero();
    assertThat(again.json().path("drift").asLong()).isZero();

    // The repair is versioned below any real change made after the check began: that change applies.
    ObjectNode newer = edited.document().deepCopy().put("name", "a real change");
    IndexWriter.WriteReport change = new OpenSearchWriter(tables.openSearch.client(), 1 << 20).write(List.of(new Write.Document(
        new SyncedItem(edited.index(), edited.id(), edited.groupId(), edited.keys(), newer),
        ExternalVersion.ofStreamChange(Instant.now().getEpochSecond(), "12345"))));
    assertThat(change.applied()).isEqualTo(1);
  }

  @Test
  void aValueKeptUnderUnindexedCountsAsPresentAndItsPathIsListed() throws Exception {
    TestTables tables = new TestTables(12);
    List<Map<String, AttributeValue>> items = tables.load(20);
    Commands.Run backfill = Commands.run(new BackfillCommand(), tables.directBackfillOptions(dir.resolve("checkpoint.json")), List.of());
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    SyncedItem item = routed(tables.documents(), items.get(3));
    ObjectNode aside = item.document().deepCopy();
    aside.putObject(UnindexedValues.FIELD).set("name", aside.remove("name"));
    tables.openSearch.json("PUT", "/" + item.index() + "/_doc/" + encode(item.id()), aside.toString());

    Commands.Run present = tables.verify(List.of());

    assertThat(present.exitCode()).as(present.out()).isZero();
    assertThat(present.json().path("indices").path(item.index()).path("unindexedPaths"))
        // "list" mixes types in every test item: the backfill already kept it aside.
        .extracting(JsonNode::asText).containsExactly("list", "name");

    aside.with(UnindexedValues.FIELD).put("name", "another value");
    tables.openSearch.json("PUT", "/" + item.index() + "/_doc/" + encode(item.id()), aside.toString());
    Commands.Run stale = tables.verify(List.of());
    assertThat(ids(stale.json().path("staleDocuments"))).containsExactly(item.index() + "/" + item.id());
  }

  @Test
  void verifyOfAnUnknownTableIsAnErrorNotDrift() {
    TestTables tables = new TestTables(4);
    Commands.Run run = Commands.run(new VerifyCommand(), List.of("--table", "no-such-table", "--endpoint",
        tables.endpoint(), "--opensearch", tables.openSearchUrl()), tables.configOptions());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("table no-such-table does not exist");
  }

  private static SyncedItem routed(ItemDocuments documents, Map<String, AttributeValue> item) {
    return ((ItemDocuments.Converted.Routed) documents.convert(item)).item();
  }

  private static List<String> ids(JsonNode listed) {
    List<String> ids = new ArrayList<>();
    listed.forEach(d -> ids.add(d.path("index").asText() + "/" + d.path("id").asText()));
    return ids;
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
