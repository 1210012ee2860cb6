package io.ddbsync.enrichment;

import static io.ddbsync.testsupport.Json.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.function.config.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentHandlerTest {

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private EnrichmentHandler handler(JsonLog.Level level) {
    return new EnrichmentHandler(
        EnrichmentConfig.fromEnv(Map.of("KEY_ATTRIBUTES", "pk", "LOG_KEY_HASH_SECRET", "stack")),
        new JsonLog("test", level, new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC()));
  }

  private String invoke(EnrichmentHandler handler, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : logged.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(ChangeMessages.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void arrayOfRecordsBecomesArrayOfMessages() throws Exception {
    String good = record("INSERT", "NEW_IMAGE", "{'pk':{'S':'a'}}", "{'pk':{'S':'a'},'n':{'N':'1.10'}}", null).toString();

    JsonNode response = ChangeMessages.MAPPER.readTree(invoke(handler(JsonLog.Level.INFO), "[" + good + "]"));

    assertThat(response).hasSize(1);
    assertThat(response.get(0).get("type").textValue()).isEqualTo("upsert");
    assertThat(response.get(0).get("document").toString()).isEqualTo("{\"pk\":\"a\",\"n\":1.10}");
  }

  @Test
  void emptyBatchGivesEmptyArray() throws Exception {
    assertThat(invoke(handler(JsonLog.Level.INFO), " [ ] ")).isEqualTo("[]");
  }

  @Test
  void logsOneSummaryLineAndOneLinePerInvalidRecordWithoutKeyOrAttributeValues() throws Exception {
    String good = record("INSERT", "NEW_IMAGE", "{'pk':{'S':'a'}}", "{'pk':{'S':'a'}}", null).toString();
    String bad =
        record("INSERT", "NEW_IMAGE", "{'pk':{'S':'b-MARKER'}}", "{'pk':{'S':'b-MARKER'},'card':{'Q':'4111-MARKER'}}", null)
            .toString();

    invoke(handler(JsonLog.Level.INFO), "[" + good + "," + bad + "]");

    List<JsonNode> lines = logLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("level").textValue()).isEqualTo("WARN");
    assertThat(lines.get(0).get("eventId").textValue()).isEqualTo("c81e728d9d4c2f636f067f89cc14862c");
    assertThat(lines.get(0).get("reason").textValue()).isEqualTo("attribute NewImage.card has unknown type 'Q'");
    assertThat(lines.get(0).get("itemKey").textValue()).isEqualTo(ItemKeyHash.hashed("stack").of("b-MARKER"));
    JsonNode summary = lines.get(1);
    assertThat(summary.get("message").textValue()).isEqualTo("enriched batch");
    assertThat(summary.get("records").intValue()).isEqualTo(2);
    assertThat(summary.get("upserts").intValue()).isEqualTo(1);
    assertThat(summary.get("invalid").intValue()).isEqualTo(1);
    for (String field : List.of("deletes", "fetches", "skipped", "ttlKept")) {
      assertThat(summary.get(field).intValue()).as(field).isZero();
    }
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("MARKER");
  }

  @Test
  void logLevelAboveInfoSilencesTheSummary() throws Exception {
    invoke(handler(JsonLog.Level.ERROR), "[]");

    assertThat(logged.size()).isZero();
  }

  @Test
  void inputThatIsNotAnArrayOfObjectsFailsTheInvocation() {
    EnrichmentHandler handler = handler(JsonLog.Level.INFO);

    assertThatThrownBy(() -> invoke(handler, "{\"Records\":[]}"))
        .isInstanceOf(InvalidBatchException.class)
        .hasMessageContaining("must be a JSON array of DynamoDB stream records")
        .hasMessageEndingWith("got an object");
    assertThatThrownBy(() -> invoke(handler, "[{}, 42]"))
        .isInstanceOf(InvalidBatchException.class)
        .hasMessage("element 1 of the enrichment input is a number, not a stream record object");
    assertThatThrownBy(() -> invoke(handler, "[{}"))
        .isInstanceOf(InvalidBatchException.class)
        .hasMessageStartingWith("enrichment input is not valid JSON");
    assertThatThrownBy(() -> invoke(handler, "[] []"))
        .isInstanceOf(InvalidBatchException.class)
        .hasMessage("enrichment input has content after its JSON array");
    assertThatThrownBy(() -> invoke(handler, ""))
        .isInstanceOf(InvalidBatchException.class)
        .hasMessageEndingWith("got nothing");
  }

  @Test
  void objectWithoutStreamFieldsIsAnInvalidRecordNotAFailedBatch() throws Exception {
    JsonNode response = ChangeMessages.MAPPER.readTree(invoke(handler(JsonLog.Level.INFO), "[{}]"));

    assertThat(response.get(0).get("type").textValue()).isEqualTo("invalid");
    assertThat(response.get(0).get("reason").textValue()).isEqualTo("missing eventID");
  }

  @Test
  void badVariableStopsTheFunctionNamingIt() {
    assertThatThrownBy(() -> new EnrichmentHandler(EnrichmentConfig.fromEnv(Map.of("TTL_EXPIRY", "never"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("TTL_EXPIRY: ");
  }
}
