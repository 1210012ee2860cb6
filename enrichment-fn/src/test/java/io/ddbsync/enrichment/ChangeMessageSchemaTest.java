package io.ddbsync.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.testsupport.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The published contract {@code change-message.schema.json} holds for the expected responses of
 * {@code samples/enrichment/} (SamplesTest checks the handler's actual responses), and it is strict
 * enough to reject a broken message.
 */
class ChangeMessageSchemaTest {

  @TestFactory
  List<DynamicTest> everyExpectedResponseConformsToTheSchema() throws IOException {
    List<Path> expectations;
    try (Stream<Path> files = Files.list(Samples.path("enrichment"))) {
      expectations = files.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted().toList();
    }
    assertThat(expectations).isNotEmpty();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : expectations) {
      tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
        JsonNode response = ChangeMessages.MAPPER.readTree(file.toFile());
        assertThat(response.isArray()).as(file.getFileName() + " is a JSON array").isTrue();
        for (JsonNode message : response) {
          assertThat(ChangeMessageSchema.errors(message)).as(file.getFileName() + " element " + message.get("eventId")).isEmpty();
        }
      }));
    }
    return tests;
  }

  private static ObjectNode upsert() {
    return (ObjectNode) Samples.json("enrichment/insert.expected.json").get(0).deepCopy();
  }

  private static List<String> errorsAfter(Consumer<ObjectNode> breakIt) {
    ObjectNode message = upsert();
    breakIt.accept(message);
    return ChangeMessageSchema.errors(message);
  }

  @Test
  void theUnbrokenSampleConforms() {
    assertThat(ChangeMessageSchema.errors(upsert())).isEmpty();
  }

  @Test
  void aMessageWithoutGroupIdIsRejected() {
    assertThat(errorsAfter(m -> m.remove("groupId"))).anyMatch(e -> e.contains("groupId"));
  }

  @Test
  void aGroupIdLongerThanThePipesTargetAllowsIsRejected() {
    assertThat(errorsAfter(m -> m.put("groupId", "k".repeat(101)))).anyMatch(e -> e.contains("groupId"));
  }

  @Test
  void anUpsertWithoutDocumentIsRejected() {
    assertThat(errorsAfter(m -> m.remove("document"))).isNotEmpty();
  }

  @Test
  void anUpsertWithAnEmptyIndexIsRejectedWhileOnlyAFetchMayNameNone() {
    assertThat(errorsAfter(m -> m.put("index", ""))).isNotEmpty();
    // view-old-image.expected.json's INSERT is a fetch naming no index, checked above.
  }

  @Test
  void aVersionBelowOneIsRejected() {
    assertThat(errorsAfter(m -> m.put("version", 0))).isNotEmpty();
  }

  @Test
  void anUnknownTypeOrSchemaIsRejected() {
    assertThat(errorsAfter(m -> m.put("type", "replace"))).anyMatch(e -> e.contains("type"));
    assertThat(errorsAfter(m -> m.put("schema", 2))).anyMatch(e -> e.contains("schema"));
  }
}
