package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.message.ChangeMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's suspicion "a move whose new-index upsert hits a mapping conflict deletes the item from
 * both indices", checked through the local pipeline: a Quote whose {@code shipping} is a string moves
 * to the orders index, where {@code shipping} is mapped as an object. The tombstone in the index it
 * leaves applies, and the upsert, refused at first, is resent with {@code shipping} kept under
 * {@code @unindexed}: the item is live in the index it moved to, and nothing is dead-lettered.
 */
class MoveIntoMappingConflictTest {

  @TempDir Path dir;

  @Test
  void aMoveWhoseUpsertHitsAMappingConflictLandsInTheNewIndexWithTheValueKeptAside() throws Exception {
    Path events = dir.resolve("move.jsonl");
    Files.writeString(events, String.join("\n",
        record("e1", "INSERT", "ORDER#1", "Order", "{\"M\":{\"city\":{\"S\":\"Lyon\"}}}", null, 1),
        record("e2", "INSERT", "ORDER#2", "Quote", "{\"S\":\"none\"}", null, 2),
        record("e3", "MODIFY", "ORDER#2", "Order", "{\"S\":\"none\"}", "Quote", 3)) + "\n");
    Path envVars = dir.resolve("env.json");
    Files.writeString(envVars, """
        {"EnrichmentFunction": {"KEY_ATTRIBUTES": "pk,sk", "DEFAULT_INDEX": "mc-items",
                                "ROUTES": "entityType=Order=>mc-orders"}}
        """);
    Path dump = dir.resolve("dump.jsonl");
    List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
        "--events", events.toString(), "--env-vars", envVars.toString(), "--json", "--dump", dump.toString()));
    args.addAll(TestEngines.options());

    Cli.Result run = Cli.run(args.toArray(String[]::new));

    JsonNode summary = ChangeMessages.MAPPER.readTree(run.lastLine());
    assertThat(summary.path("deadLettered").asLong()).as(summary.toString()).isZero();
    assertThat(summary.path("unindexedFields").asLong()).as(summary.toString()).isOne();
    List<JsonNode> live = new ArrayList<>();
    for (String line : Files.readAllLines(dump)) {
      if (!line.isBlank()) {
        live.add(ChangeMessages.MAPPER.readTree(line));
      }
    }
    assertThat(live).extracting(d -> d.path("_index").asText() + "/" + d.path("_id").asText())
        .containsExactly("mc-orders/ORDER#1|META", "mc-orders/ORDER#2|META");
    assertThat(live.get(1).path("_source").path("@unindexed").path("shipping").asText()).isEqualTo("none");
  }

  private static String record(String id, String event, String pk, String type, String shipping, String oldType,
      int second) {
    String image = "{\"pk\":{\"S\":\"%s\"},\"sk\":{\"S\":\"META\"},\"entityType\":{\"S\":\"%s\"},\"shipping\":%s}";
    String old = oldType == null ? "" : ",\"OldImage\":" + image.formatted(pk, oldType, shipping);
    return ("{\"eventID\":\"%s\",\"eventName\":\"%s\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
        + "\"ApproximateCreationDateTime\":%d,\"Keys\":{\"pk\":{\"S\":\"%s\"},\"sk\":{\"S\":\"META\"}},"
        + "\"NewImage\":%s%s,\"SequenceNumber\":\"1000000000000000000%02d\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}")
        .formatted(id, event, 1_735_689_600L + second, pk, image.formatted(pk, type, shipping), old, second);
  }
}
