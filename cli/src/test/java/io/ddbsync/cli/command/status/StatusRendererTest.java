package io.ddbsync.cli.command.status;

import static io.ddbsync.cli.command.status.PipelineStatusTest.RUNNING;
import static io.ddbsync.cli.command.status.PipelineStatusTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.command.status.PipelineStatus.AwsParts;
import io.ddbsync.cli.command.status.PipelineStatus.FiringAlarm;
import io.ddbsync.cli.command.status.PipelineStatus.KindCount;
import io.ddbsync.cli.command.status.PipelineStatus.PipeState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusRendererTest {

  @Test
  void aHealthyPipelineFitsOneScreenWithEveryPart() {
    String text = StatusRenderer.text(status(0, Optional.of(new KindCount(Map.of(), 0)), 0, Optional.of(RUNNING)));

    assertThat(text).isEqualTo("""
        stack        orders (AWS us-east-1)
        status       healthy
        pipe         RUNNING
        change queue 12 visible, 3 in flight, 0 delayed; oldest message: 4 s
        indexer DLQ  0 visible, 0 in flight, 0 delayed
        pipe DLQ     0 visible, 0 in flight, 0 delayed
        alarms       none in ALARM
        last hour    indexed 2181, deleted 42, conflicts 3, unindexed fields 0
        """.replace("\n", System.lineSeparator()));
  }

  @Test
  void problemsAreListedUnderTheStatusAndAlarmsWithTheirReasons() {
    AwsParts parts = new AwsParts(new PipeState("STOPPED", "RUNNING", "enrichment function not found"), Optional.empty(),
        List.of(new FiringAlarm("orders-ChangeDeadLetterQueueAlarm-1B7Z", "Threshold Crossed: 2.0 > 0.0",
            Instant.parse("2025-02-03T16:53:00Z"))), RUNNING.lastHour());

    String text = StatusRenderer.text(status(3, Optional.of(new KindCount(Map.of("mapping", 3L), 3)), 0, Optional.of(parts)));

    assertThat(text)
        .contains("status       needs attention")
        .contains("  - the pipe is STOPPED: enrichment function not found")
        .contains("  - alarm orders-ChangeDeadLetterQueueAlarm-1B7Z is in ALARM")
        .contains("pipe         STOPPED (desired RUNNING): enrichment function not found")
        .contains("change queue 12 visible, 3 in flight, 0 delayed; oldest message: no data in the last hour")
        .contains("indexer DLQ  3 visible, 0 in flight, 0 delayed; by kind: mapping 3")
        .contains("alarms       1 in ALARM")
        .contains("  orders-ChangeDeadLetterQueueAlarm-1B7Z since 2025-02-03T16:53:00Z: Threshold Crossed: 2.0 > 0.0");
  }

  @Test
  void aPartialCountSaysHowManyOfTheQueueWereSeen() {
    String text = StatusRenderer.text(status(25, Optional.of(new KindCount(Map.of("mapping", 10L), 10)), 0, Optional.of(RUNNING)));

    assertThat(text).contains("by kind: mapping 10 (counted 10 of 25: a FIFO queue shows");
  }

  @Test
  void theLocalEnginesSayWhatIsUnavailableRatherThanFailing() {
    String text = StatusRenderer.text(status(0, Optional.empty(), 0, Optional.empty()));

    assertThat(text)
        .contains("pipe         " + StatusRenderer.UNAVAILABLE_LOCALLY)
        .contains("oldest message: " + StatusRenderer.UNAVAILABLE_LOCALLY)
        .contains("alarms       " + StatusRenderer.UNAVAILABLE_LOCALLY)
        .contains("last hour    " + StatusRenderer.UNAVAILABLE_LOCALLY);
  }

  @Test
  void jsonHoldsEveryPartWithNumbersAsNumbers() {
    JsonNode json = StatusRenderer.json(status(3, Optional.of(new KindCount(Map.of("mapping", 2L, "invalid", 1L), 3)), 1,
        Optional.of(RUNNING)));

    assertThat(json.get("healthy").asBoolean()).isFalse();
    assertThat(json.get("problems")).hasSize(2);
    assertThat(json.at("/pipe/currentState").asText()).isEqualTo("RUNNING");
    assertThat(json.at("/changeQueue/visible").asLong()).isEqualTo(12);
    assertThat(json.at("/changeQueue/oldestMessageAgeSeconds").asLong()).isEqualTo(4);
    assertThat(json.at("/indexerDeadLetters/byKind/mapping").asLong()).isEqualTo(2);
    assertThat(json.at("/indexerDeadLetters/counted").asLong()).isEqualTo(3);
    assertThat(json.at("/pipeDeadLetters/visible").asLong()).isEqualTo(1);
    assertThat(json.at("/lastHour/indexed").asLong()).isEqualTo(2181);
    assertThat(json.get("alarms")).isEmpty();
  }

  @Test
  void jsonOfTheLocalEnginesHasNullsForTheAwsPartsAndSaysWhy() {
    JsonNode json = StatusRenderer.json(status(0, Optional.empty(), 0, Optional.empty()));

    assertThat(json.get("healthy").asBoolean()).isTrue();
    assertThat(json.get("pipe").isNull()).isTrue();
    assertThat(json.get("alarms").isNull()).isTrue();
    assertThat(json.get("lastHour").isNull()).isTrue();
    assertThat(json.at("/changeQueue/oldestMessageAgeSeconds").isNull()).isTrue();
    assertThat(json.get("unavailable").asText()).isEqualTo(StatusRenderer.UNAVAILABLE_LOCALLY);
  }

  @Test
  void agesReadAsSecondsMinutesOrHours() {
    assertThat(StatusRenderer.age(Duration.ofSeconds(59))).isEqualTo("59 s");
    assertThat(StatusRenderer.age(Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(StatusRenderer.age(Duration.ofHours(3))).isEqualTo("3 h");
  }
}
