package io.ddbsync.cli.command.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.command.status.PipelineStatus.AwsParts;
import io.ddbsync.cli.command.status.PipelineStatus.FiringAlarm;
import io.ddbsync.cli.command.status.PipelineStatus.KindCount;
import io.ddbsync.cli.command.status.PipelineStatus.LastHour;
import io.ddbsync.cli.command.status.PipelineStatus.PipeState;
import io.ddbsync.cli.command.status.PipelineStatus.QueueStatus;
import io.ddbsync.cli.local.queue.LocalQueues.Depth;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Builders of {@link PipelineStatus} values for the status tests, and the rules of {@link PipelineStatus#problems()}. */
class PipelineStatusTest {

  static final URI CHANGES = URI.create("https://sqs.us-east-1.amazonaws.com/123456789012/orders-changes.fifo");
  static final URI DLQ = URI.create("https://sqs.us-east-1.amazonaws.com/123456789012/orders-changes-dlq.fifo");
  static final URI PIPE_DLQ = URI.create("https://sqs.us-east-1.amazonaws.com/123456789012/orders-PipeDeadLetterQueue-k3J9");

  static final AwsParts RUNNING = new AwsParts(new PipeState("RUNNING", "RUNNING", ""), Optional.of(Duration.ofSeconds(4)),
      List.of(), new LastHour(2181, 42, 3, 0));

  static PipelineStatus status(long deadLetters, Optional<KindCount> kinds, long pipeDeadLetters, Optional<AwsParts> aws) {
    return new PipelineStatus("orders", "AWS us-east-1",
        new QueueStatus(CHANGES, new Depth(12, 3, 0)),
        new QueueStatus(DLQ, new Depth(deadLetters, 0, 0)),
        kinds,
        Optional.of(new QueueStatus(PIPE_DLQ, new Depth(pipeDeadLetters, 0, 0))),
        aws);
  }

  @Test
  void aRunningPipeWithEmptyDeadLetterQueuesAndNoAlarmIsHealthy() {
    assertThat(status(0, Optional.of(new KindCount(Map.of(), 0)), 0, Optional.of(RUNNING)).problems()).isEmpty();
  }

  @Test
  void aStoppedPipeIsAProblemWithItsReason() {
    AwsParts stopped = new AwsParts(new PipeState("STOPPED", "STOPPED", "stopped by user"), Optional.empty(), List.of(),
        RUNNING.lastHour());

    assertThat(status(0, Optional.empty(), 0, Optional.of(stopped)).problems())
        .containsExactly("the pipe is STOPPED: stopped by user");
  }

  @Test
  void everyAlarmInAlarmIsAProblem() {
    AwsParts firing = new AwsParts(RUNNING.pipe(), Optional.empty(),
        List.of(new FiringAlarm("orders-ChangeQueueAgeAlarm-9QW3", "Threshold Crossed", Instant.EPOCH)), RUNNING.lastHour());

    assertThat(status(0, Optional.empty(), 0, Optional.of(firing)).problems())
        .containsExactly("alarm orders-ChangeQueueAgeAlarm-9QW3 is in ALARM");
  }

  @Test
  void deadLettersAreAProblemNamingTheirKindsAndTheRedrive() {
    Optional<KindCount> kinds = Optional.of(new KindCount(Map.of("invalid", 1L, "mapping", 2L), 3));

    assertThat(status(3, kinds, 0, Optional.of(RUNNING)).problems()).containsExactly(
        "3 changes in the indexer's dead-letter queue (invalid 1, mapping 2): fix the cause, then ddbsync redrive");
  }

  @Test
  void pipeDeadLettersAreAProblemNamingTheReplay() {
    assertThat(status(0, Optional.empty(), 2, Optional.empty()).problems()).containsExactly(
        "2 stream batches in the pipe's dead-letter queue: ddbsync replay within 24 hours, or backfill");
  }
}
