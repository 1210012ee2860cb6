package io.ddbsync.cli.command.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.command.backfill.BackfillCommand;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.enrichment.EnrichmentResult;
import io.ddbsync.item.convert.DynamoJson;
import io.ddbsync.message.ChangeMessages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 19's suspicion, confirmed: after {@code IGNORED_ATTRIBUTES} (or {@code INDEXED_ATTRIBUTES})
 * changes between deploys, the enrichment's no-op diff compares old and new images under the new
 * projection only, so a change that touches no newly projected attribute is skipped and the document
 * keeps the old projection. {@code verify} finds every such document stale and {@code --repair}
 * rewrites it: the step the README prescribes after a projection change.
 */
class ProjectionChangeTest {

  @TempDir Path dir;

  @Test
  void afterAProjectionChangeUnchangedItemsKeepTheOldProjectionUntilVerifyRepair() throws Exception {
    TestTables tables = new TestTables(8);
    List<Map<String, AttributeValue>> items = tables.load(40);
    // First deploy: name is ignored as well.
    Commands.Run backfill = Commands.run(new BackfillCommand(), tables.directBackfillOptions(dir.resolve("cp.json")),
        List.of("--config", "IGNORED_ATTRIBUTES=updatedAt,name"));
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();

    // Second deploy (the table's own settings, IGNORED_ATTRIBUTES=updatedAt): name is indexed now, yet a
    // change of updatedAt alone leaves the projected document equal, so the enrichment sends nothing.
    Map<String, AttributeValue> touched = new LinkedHashMap<>(items.get(3));
    touched.put("updatedAt", AttributeValue.fromN("1800000000"));
    EnrichmentResult result = new Enrichment(EnrichmentConfig.fromEnv(tables.enrichmentEnvironment()))
        .enrich(List.of(modify(items.get(3), touched)));
    assertThat(result.messages()).isEmpty();
    assertThat(result.counts().skipped()).isEqualTo(1);

    Commands.Run found = tables.verify(List.of());
    assertThat(found.exitCode()).isEqualTo(1);
    assertThat(found.json().path("stale").asLong()).as("every document lacks name").isEqualTo(40);

    Commands.Run repaired = tables.verify(List.of("--repair", "--clock-skew-seconds", "0"));
    assertThat(repaired.json().path("repair").path("written").asLong()).isEqualTo(40);
    assertThat(tables.verify(List.of()).exitCode()).isZero();
  }

  private static JsonNode modify(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    ObjectNode record = ChangeMessages.MAPPER.createObjectNode()
        .put("eventID", "projection-change-1").put("eventName", "MODIFY").put("eventSource", "aws:dynamodb");
    ObjectNode dynamodb = record.putObject("dynamodb");
    dynamodb.put("ApproximateCreationDateTime", 1_800_000_000L);
    ObjectNode keys = dynamodb.putObject("Keys");
    ObjectNode newImage = DynamoJson.toJson(after);
    keys.set("pk", newImage.get("pk"));
    keys.set("sk", newImage.get("sk"));
    dynamodb.set("NewImage", newImage);
    dynamodb.set("OldImage", DynamoJson.toJson(before));
    dynamodb.put("SequenceNumber", "100000000000000000042");
    dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
    return record;
  }
}
