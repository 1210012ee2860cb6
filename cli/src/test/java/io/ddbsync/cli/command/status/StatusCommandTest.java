package io.ddbsync.cli.command.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.shared.deadletter.RedriveTest;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ddbsync status} on ElasticMQ queues made as {@code ddbsync run --keep --stack NAME} makes
 * them, and on AWS with CloudFormation, Pipes and CloudWatch answered by recorded responses.
 */
class StatusCommandTest {

  static final String REGION = "us-east-1";

  @BeforeAll
  static void start() {
    RedriveTest.start();
  }

  @AfterAll
  static void stop() {
    RedriveTest.stop();
  }

  /** The queues of a local run of stack {@code stack}, created by the calls the run makes. */
  static LocalQueues localRun(String stack) {
    PipelineSettings settings = TemplateSettings.load(Cli.template(), stack);
    LocalQueues queues = LocalQueues.create(RedriveTest.sqs, settings.queue(), 30, REGION);
    LocalQueues.createPipeDeadLetters(RedriveTest.sqs, settings.pipeFailures().deadLetterQueueName().orElseThrow());
    return queues;
  }

  static String stack() {
    return "st" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void localQueuesWithNothingDeadLetteredAreHealthy() {
    String stack = stack();
    LocalQueues queues = localRun(stack);
    RedriveTest.sqs.sendMessage(b -> b.queueUrl(queues.changes().toString()).messageBody("{}")
        .messageGroupId("ORDER#1").messageDeduplicationId("e1"));

    Cli.Result result = local(stack, "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = json(result.lastLine());
    assertThat(json.get("healthy").asBoolean()).isTrue();
    assertThat(json.at("/changeQueue/visible").asLong()).isEqualTo(1);
    assertThat(json.at("/changeQueue/url").asText()).endsWith("/" + stack + "-changes.fifo");
    assertThat(json.get("pipe").isNull()).isTrue();
  }

  @Test
  void deadLettersAreCountedByKindAndLeftInTheQueue() {
    String stack = stack();
    LocalQueues queues = localRun(stack);
    RedriveTest.send(queues.deadLetters(), "ORDER#1", "a", "mapping", "mapper_parsing_exception: failed to parse field [price]");
    RedriveTest.send(queues.deadLetters(), "ORDER#2", "b", "mapping", "mapper_parsing_exception: failed to parse field [price]");
    RedriveTest.send(queues.deadLetters(), "ORDER#3", "c", "invalid", "no NewImage");
    RedriveTest.send(queues.deadLetters(), "ORDER#4", "d", null, null);

    Cli.Result result = local(stack);

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.out())
        .contains("status       needs attention")
        .contains("4 changes in the indexer's dead-letter queue (invalid 1, mapping 2, maxReceiveCount exceeded 1)")
        .contains("pipe         " + StatusRenderer.UNAVAILABLE_LOCALLY);
    LocalQueues.Depth after = LocalQueues.depth(RedriveTest.sqs, queues.deadLetters());
    assertThat(after.visible()).as("counting deletes nothing and releases every message").isEqualTo(4);
  }

  @Test
  void depthsOnlyReceivesNothing() {
    String stack = stack();
    LocalQueues queues = localRun(stack);
    RedriveTest.send(queues.deadLetters(), "ORDER#1", "a", "mapping", "r");

    Cli.Result result = local(stack, "--json", "--depths-only");

    JsonNode json = json(result.lastLine());
    assertThat(json.at("/indexerDeadLetters/visible").asLong()).isEqualTo(1);
    assertThat(json.at("/indexerDeadLetters/byKind").isMissingNode()).isTrue();
    var received = RedriveTest.sqs.receiveMessage(b -> b.queueUrl(queues.deadLetters().toString())
        .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
    assertThat(received.get(0).attributesAsStrings().get("ApproximateReceiveCount")).isEqualTo("1");
  }

  @Test
  void aStackWithNoLocalRunFailsWithOneLineSayingHowToStartOne() {
    Cli.Result result = local("never-run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).doesNotContain("\n")
        .isEqualTo("ddbsync: no queue never-run-changes.fifo at " + RedriveTest.server.endpoint()
            + ": start the local engines with `ddbsync run --keep --stack never-run` (the same --stack and --template)");
  }

  @Test
  void anSqsEndpointThatDoesNotAnswerIsAUsageErrorNotNeedsAttention() {
    Cli.Result result = Cli.run("status", "--stack", "orders", "--sqs-endpoint", "http://127.0.0.1:1",
        "--template", Cli.template().toString(), "--region", REGION);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("ddbsync: cannot read the status of stack orders: ");
  }

  @Test
  void onAwsEveryPartIsReadFromTheStackAndItsServices() throws Exception {
    String stack = stack();
    LocalQueues queues = localRun(stack);
    URI pipeDeadLetters = URI.create(RedriveTest.sqs.getQueueUrl(b -> b.queueName(
        TemplateSettings.load(Cli.template(), stack).pipeFailures().deadLetterQueueName().orElseThrow())).queueUrl());
    RedriveTest.send(queues.deadLetters(), "ORDER#1", "a", "mapping", "r");
    RecordedAws aws = new RecordedAws("running", Map.of("CHANGE_QUEUE_URL", queues.changes().toString(),
        "CHANGE_DLQ_URL", queues.deadLetters().toString(), "PIPE_DLQ_URL", pipeDeadLetters.toString()));
    StatusCommand command = new StatusCommand();
    command.reads = region -> aws.reads();
    command.clock = Clock.fixed(Instant.parse("2025-02-03T16:53:00Z"), ZoneOffset.UTC);
    StringWriter out = new StringWriter();

    int exit = new CommandLine(command).setOut(new PrintWriter(out, true))
        .execute("--stack", "orders", "--region", REGION, "--json");

    assertThat(exit).isEqualTo(1);
    JsonNode json = json(out.toString().strip());
    assertThat(json.get("source").asText()).isEqualTo("AWS us-east-1");
    assertThat(json.at("/pipe/currentState").asText()).isEqualTo("RUNNING");
    assertThat(json.at("/changeQueue/oldestMessageAgeSeconds").asLong()).isEqualTo(4);
    assertThat(json.at("/indexerDeadLetters/byKind/mapping").asLong()).isEqualTo(1);
    assertThat(json.at("/alarms/0/name").asText()).isEqualTo("orders-ChangeDeadLetterQueueAlarm-1B7ZQ0XKJ2M3F");
    assertThat(json.at("/lastHour/indexed").asLong()).isEqualTo(2181);
    assertThat(aws.actions()).containsExactlyInAnyOrder(
        "DescribeStacks", "GetMetricData", "DescribePipe", "ListStackResources", "DescribeAlarms");
  }

  private static Cli.Result local(String stack, String... more) {
    List<String> args = new ArrayList<>(List.of("status", "--stack", stack,
        "--sqs-endpoint", RedriveTest.server.endpoint().toString(), "--template", Cli.template().toString(), "--region", REGION));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
