package io.ddbsync.cli.command.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.command.status.PipelineStatus.FiringAlarm;
import io.ddbsync.cli.command.status.PipelineStatus.LastHour;
import io.ddbsync.cli.command.status.PipelineStatus.PipeState;
import io.ddbsync.cli.shared.error.UserError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The AWS reads of {@code status}, through the SDK's real clients, answered with recorded responses. */
class AwsStackReadsTest {

  final RecordedAws aws = new RecordedAws("running", Map.of(
      "CHANGE_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/orders-changes.fifo",
      "CHANGE_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/orders-changes-dlq.fifo",
      "PIPE_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/orders-PipeDeadLetterQueue-k3J9xQ2mP0aB"));
  final AwsStackReads reads = aws.reads();

  @Test
  void outputsAreReadByKeyFromDescribeStacks() {
    Map<String, String> outputs = reads.outputs("orders");

    assertThat(outputs)
        .containsEntry("ChangeQueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/orders-changes.fifo")
        .containsEntry("PipeName", "Pipe-Xk2NwQ7pLm4R")
        .containsEntry("MetricsService", "orders-indexer");
    assertThat(RecordedAws.queryParameter(new String(aws.calls.get(0).body(), StandardCharsets.UTF_8), "StackName"))
        .isEqualTo("orders");
  }

  @Test
  void aMissingStackIsAUserErrorWithCloudFormationsMessage() {
    AwsStackReads missing = new RecordedAws("stack-missing", Map.of()).reads();

    assertThatThrownBy(() -> missing.outputs("orders"))
        .isInstanceOf(UserError.class)
        .hasMessage("cannot describe stack orders: Stack with id orders does not exist");
  }

  @Test
  void alarmNamesAreTheStacksAlarmResourcesOnly() {
    assertThat(reads.alarmNames("orders"))
        .containsExactly("orders-ChangeDeadLetterQueueAlarm-1B7ZQ0XKJ2M3F", "orders-ChangeQueueAgeAlarm-9QW3ERT5YU2I");
  }

  @Test
  void pipeStateComesFromASignedDescribePipe() {
    PipeState pipe = reads.pipe("Pipe-Xk2NwQ7pLm4R");

    assertThat(pipe).isEqualTo(new PipeState("RUNNING", "RUNNING", ""));
    RecordedAws.Call call = aws.calls.get(0);
    assertThat(call.request().encodedPath()).isEqualTo("/v1/pipes/Pipe-Xk2NwQ7pLm4R");
    assertThat(call.request().firstMatchingHeader("Authorization")).hasValueSatisfying(auth ->
        assertThat(auth).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/us-east-1/pipes/aws4_request"));
  }

  @Test
  void alarmsInAlarmAreAskedByNameAndState() {
    List<FiringAlarm> firing = reads.inAlarm(List.of("orders-ChangeDeadLetterQueueAlarm-1B7ZQ0XKJ2M3F",
        "orders-ChangeQueueAgeAlarm-9QW3ERT5YU2I"));

    assertThat(firing).containsExactly(new FiringAlarm("orders-ChangeDeadLetterQueueAlarm-1B7ZQ0XKJ2M3F",
        "Threshold Crossed: 1 datapoint [2.0 (03/02/25 16:52:00)] was greater than the threshold (0.0).",
        Instant.parse("2025-02-03T16:53:00.482Z")));
    String request = RecordedAws.json(aws.calls.get(0).body());
    assertThat(request).contains("\"StateValue\":\"ALARM\"")
        .contains("orders-ChangeDeadLetterQueueAlarm-1B7ZQ0XKJ2M3F").contains("orders-ChangeQueueAgeAlarm-9QW3ERT5YU2I");
  }

  @Test
  void metricsSumTheLastHourAndTakeTheLatestAgeOfTheOldestMessage() {
    Instant now = Instant.parse("2025-02-03T16:53:00Z");

    StackReads.Metrics metrics = reads.metrics("ddbsync", "orders-indexer", "orders-changes.fifo", now);

    assertThat(metrics.lastHour()).isEqualTo(new LastHour(2181, 42, 3, 0));
    assertThat(metrics.oldestMessage()).isEqualTo(Optional.of(Duration.ofSeconds(4)));
    String request = RecordedAws.json(aws.calls.get(0).body());
    assertThat(request)
        .contains("\"Namespace\":\"ddbsync\"").contains("\"MetricName\":\"UnindexedFields\"")
        .contains("\"Name\":\"service\",\"Value\":\"orders-indexer\"")
        .contains("\"Namespace\":\"AWS/SQS\"").contains("\"Value\":\"orders-changes.fifo\"")
        .contains("\"ScanBy\":\"TimestampDescending\"");
  }
}
