package io.ddbsync.enrichment;

import static io.ddbsync.testsupport.Json.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.enrichment.log.JsonLog;
import io.ddbsync.enrichment.log.LogLevel;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentHandlerTest {

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private EnrichmentHandler handler(LogLevel level) {
    return new EnrichmentHandler(
        EnrichmentConfig.fromEnv(Map.of("KEY_ATTRIBUTES", "pk")),
        new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), level));
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

    JsonNode response = ChangeMessages.MAPPER.readTree(invoke(handler(LogLevel.INFO), "[" + good + "]"));

    assertThat(response).hasSize(1);
    assertThat(response.get(0).get("type").textValue()).isEqualTo("upsert");
    assertThat(response.get(0).get("document").toString()).isEqualTo("{\"pk\":\"a\",\"n\":1.10}");
  }

  @Test
  void emptyBatchGivesEmptyArray() throws Exception {
    assertThat(invoke(handler(LogLevel.INFO), " [ ] ")).isEqualTo("[]");
  }

  @Test
  void logsOneSummaryLineAndOneLinePerInvalidRecordWithoutAttributeValues() throws Exception {
    String good = record("INSERT", "NEW_IMAGE", "{'pk':{'S':'a'}}", "{'pk':{'S':'a'}}", null).toString();
    String bad = record("INSERT", "NEW_IMAGE", "{'pk':{'S':'a'}}", "{'pk':{'S':'a'},'card':{'Q':'4111-SECRET'}}", null).toString();

    invoke(handler(LogLevel.INFO), "[" + good + "," + bad + "]");

    List<JsonNode> lines = logLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("level").textValue()).isEqualTo("WARN");
    assertThat(lines.get(0).get("eventId").textValue()).isEqualTo("c81e728d9d4c2f636f067f89cc14862c");
    assertThat(lines.get(0).get("reason").textValue()).isEqualTo("attribute NewImage.card has unknown type 'Q'");
    JsonNode summary = lines.get(1);
    assertThat(summary.get("message").textValue()).isEqualTo("enriched batch");
    assertThat(summary.get("records").intValue()).isEqualTo(2);
    assertThat(summary.get("upserts").intValue()).isEqualTo(1);
    assertThat(summary.get("invalid").intValue()).isEqualTo(1);
    for (String field : List.of("deletes", "fetches", "skipped", "ttlKept")) {
      assertThat(summary.get(field).intValue()).as(field).isZero();
    }
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("SECRET");
  }

  @Test
  void logLevelAboveInfoSilencesTheSummary() throws Exception {
    invoke(handler(LogLevel.ERROR), "[]");

    assertThat(logged.size()).isZero();
  }

  @Test
  void inputThatIsNotAnArrayOfObjectsFailsTheInvocation() {
    EnrichmentHandler handler = handler(LogLevel.INFO);

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
    JsonNode response = ChangeMessages.MAPPER.readTree(invoke(handler(LogLevel.INFO), "[{}]"));

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
