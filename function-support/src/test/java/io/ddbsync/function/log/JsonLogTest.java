package io.ddbsync.function.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final JsonLog log =
      new JsonLog(
          "svc",
          JsonLog.Level.INFO,
          new PrintStream(out, true, StandardCharsets.UTF_8),
          Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));

  @Test
  void oneJsonObjectPerLineWithTheFieldsAsGiven() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("count", 3);
    fields.put("ok", true);
    fields.put("reason", "bad");
    log.info("done", fields);

    JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(line.get("timestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("service").asText()).isEqualTo("svc");
    assertThat(line.get("message").asText()).isEqualTo("done");
    assertThat(line.get("count").isInt()).isTrue();
    assertThat(line.get("ok").asBoolean()).isTrue();
    assertThat(line.get("reason").asText()).isEqualTo("bad");
  }

  @Test
  void decimalsKeepEveryDigit() {
    log.info("lag", Map.of("seconds", new BigDecimal("2.75"), "ratio", 0.5));

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"seconds\":2.75").contains("\"ratio\":0.5");
  }

  @Test
  void linesBelowTheThresholdAreNotWritten() {
    log.log(JsonLog.Level.DEBUG, "detail", Map.of());

    assertThat(out.size()).isZero();
    assertThat(log.enabled(JsonLog.Level.WARN)).isTrue();
  }
}
