package io.ddbsync.cli.shared.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.cli.shared.error.UserError;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The receive-and-send redrive against ElasticMQ, which implements FIFO groups and deduplication as SQS does. */
public class RedriveTest {

  public static LocalSqs server;
  public static SqsClient sqs;
  final DeadLetterRedrive redrive = new DeadLetterRedrive(sqs, Duration.ofSeconds(60), 0);

  @BeforeAll
  public static void start() {
    server = LocalSqs.start(0, "us-east-1");
    sqs = LocalAws.sqs(server.endpoint(), "us-east-1");
  }

  @AfterAll
  public static void stop() {
    sqs.close();
    server.close();
  }

  @Test
  void listingCountsDeadLettersByReasonThenGroup() {
    URI dlq = fifoQueue("dlq");
    send(dlq, "A", "a1", "mapping", "mapper_parsing_exception: failed to parse field [price]");
    send(dlq, "A", "a2", "mapping", "mapper_parsing_exception: failed to parse field [price]");
    send(dlq, "B", "b1", "invalid", "no NewImage");
    send(dlq, "C", "c1", null, null);
    send(dlq, "C", "c2", null, null);

    Tally listed = redrive.list(redrive.describe(dlq, "dlq"));

    assertThat(listed.total()).isEqualTo(5);
    assertThat(listed.count("mapping", "A")).isEqualTo(2);
    assertThat(listed.count("invalid", "B")).isEqualTo(1);
    assertThat(listed.count(DeadLetterMessage.RECEIVE_COUNT, "C")).isEqualTo(2);
    assertThat(depth(dlq)).as("listing moves nothing").isEqualTo(5);
  }

  @Test
  void messagesMovedByTheRedrivePolicyAreListedAsMaxReceiveCountExceeded() {
    URI dlq = fifoQueue("dlq");
    URI source = fifoQueueWithDeadLetters("src", dlq, 1);
    sqs.sendMessage(b -> b.queueUrl(source.toString()).messageBody("{\"v\":1}").messageGroupId("G").messageDeduplicationId("e1"));
    receiveAllowingRedelivery(source);

    Tally listed = redrive.list(redrive.describe(dlq, "dlq"));

    assertThat(listed.count(DeadLetterMessage.RECEIVE_COUNT, "G")).isEqualTo(1);
  }

  @Test
  void moveKeepsEachGroupsOrderBodyAndGroupIdAcrossManyRounds() {
    URI dlq = fifoQueue("dlq");
    URI source = fifoQueue("src");
    for (int i = 0; i < 23; i++) {
      send(dlq, "A", "a" + i, "mapping", "r");
      if (i < 4) {
        send(dlq, "B", "b" + i, null, null);
      }
    }

    DeadLetterRedrive.Outcome outcome = redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(source, "src"), RedriveFilter.ALL);

    assertThat(outcome.moved().total()).isEqualTo(27);
    assertThat(outcome.failed()).isZero();
    Map<String, List<String>> moved = drain(source);
    assertThat(moved.get("A")).containsExactlyElementsOf(range("a", 23));
    assertThat(moved.get("B")).containsExactlyElementsOf(range("b", 4));
    assertThat(depth(dlq)).isZero();
  }

  @Test
  void groupFilterMovesOnlyThatGroupAndLeavesTheRestInOrder() {
    URI dlq = fifoQueue("dlq");
    URI source = fifoQueue("src");
    for (int i = 0; i < 3; i++) {
      send(dlq, "A", "a" + i, "mapping", "r");
      send(dlq, "B", "b" + i, "mapping", "r");
    }

    DeadLetterRedrive.Outcome outcome = redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(source, "src"),
        new RedriveFilter(Optional.of("B"), Optional.empty(), Long.MAX_VALUE));

    assertThat(outcome.moved().total()).isEqualTo(3);
    assertThat(drain(source)).containsOnlyKeys("B");
    assertThat(drain(dlq).get("A")).containsExactly("a0", "a1", "a2");
  }

  @Test
  void reasonFilterStopsAtAGroupsFirstOtherMessageSoTheGroupIsNeverReordered() {
    URI dlq = fifoQueue("dlq");
    URI source = fifoQueue("src");
    send(dlq, "A", "a0", "mapping", "mapper_parsing_exception");
    send(dlq, "A", "a1", "invalid", "no keys");
    send(dlq, "A", "a2", "mapping", "mapper_parsing_exception");
    send(dlq, "B", "b0", "mapping", "mapper_parsing_exception");

    DeadLetterRedrive.Outcome outcome = redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(source, "src"),
        new RedriveFilter(Optional.empty(), Optional.of("MAPPER_PARSING"), Long.MAX_VALUE));

    assertThat(drain(source)).isEqualTo(Map.of("A", List.of("a0"), "B", List.of("b0")));
    assertThat(outcome.left().count("invalid", "A")).isEqualTo(1);
    assertThat(drain(dlq).get("A")).containsExactly("a1", "a2");
  }

  @Test
  void reasonFilterAlsoMatchesTheKindAndMaxLimitsTheMove() {
    URI dlq = fifoQueue("dlq");
    URI source = fifoQueue("src");
    for (int i = 0; i < 5; i++) {
      send(dlq, "G" + i, "m" + i, "mapping", "whatever");
    }

    DeadLetterRedrive.Outcome outcome = redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(source, "src"),
        new RedriveFilter(Optional.empty(), Optional.of("mapping"), 2));

    assertThat(outcome.moved().total()).isEqualTo(2);
    assertThat(depth(source)).isEqualTo(2);
    assertThat(depth(dlq)).isEqualTo(3);
  }

  @Test
  void aRedriveInterruptedAfterSendingIsNotDuplicatedWhenRunAgain() {
    URI dlq = fifoQueue("dlq");
    URI source = fifoQueue("src");
    send(dlq, "A", "a0", "mapping", "r");
    Message deadLetter = sqs.receiveMessage(b -> b.queueUrl(dlq.toString()).visibilityTimeout(0)).messages().get(0);
    // The first run sent the message, then died before deleting it from the dead-letter queue.
    sqs.sendMessage(b -> b.queueUrl(source.toString()).messageBody(deadLetter.body()).messageGroupId("A")
        .messageDeduplicationId(DeadLetterRedrive.deduplicationId(deadLetter.messageId())));

    redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(source, "src"), RedriveFilter.ALL);

    assertThat(drain(source).get("A")).containsExactly("a0");
    assertThat(depth(dlq)).isZero();
  }

  @Test
  void redriveFromAFifoQueueToAStandardQueueIsRefused() {
    URI dlq = fifoQueue("dlq");
    URI standard = URI.create(sqs.createQueue(b -> b.queueName("std-" + UUID.randomUUID())).queueUrl());

    assertThatThrownBy(() -> redrive.move(redrive.describe(dlq, "dlq"), redrive.describe(standard, "target queue"), RedriveFilter.ALL))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("cannot redrive from FIFO queue")
        .hasMessageContaining("standard queue");
  }

  @Test
  void aDeadLetterQueueThatDoesNotExistIsNamed() {
    URI missing = URI.create(server.endpoint() + "/000000000000/nothing-here.fifo");

    assertThatThrownBy(() -> redrive.describe(missing, "dead-letter queue"))
        .isInstanceOf(UserError.class)
        .hasMessage("dead-letter queue " + missing + " does not exist");
  }

  // --- helpers

  public static URI fifoQueue(String prefix) {
    return URI.create(sqs.createQueue(b -> b.queueName(prefix + "-" + UUID.randomUUID() + ".fifo")
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
  }

  public static URI fifoQueueWithDeadLetters(String prefix, URI dlq, int maxReceiveCount) {
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq.toString()).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    return URI.create(sqs.createQueue(b -> b.queueName(prefix + "-" + UUID.randomUUID() + ".fifo")
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
            QueueAttributeName.REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}"))).queueUrl());
  }

  /** Sends a dead letter the way the indexer does: same body and group, the reason as attributes. */
  public static void send(URI queue, String group, String body, String kind, String reason) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    if (kind != null) {
      attributes.put("ddbsync-kind", MessageAttributeValue.builder().dataType("String").stringValue(kind).build());
      attributes.put("ddbsync-reason", MessageAttributeValue.builder().dataType("String").stringValue(reason).build());
    }
    sqs.sendMessage(b -> b.queueUrl(queue.toString()).messageBody(body).messageGroupId(group)
        .messageDeduplicationId(UUID.randomUUID().toString()).messageAttributes(attributes));
  }

  /** Receives until the redrive policy has moved the message: each receive beyond maxReceiveCount moves it. */
  static void receiveAllowingRedelivery(URI source) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(source.toString()).visibilityTimeout(0)).messages();
      if (got.isEmpty() && depth(source) == 0) {
        return;
      }
    }
    throw new AssertionError("the redrive policy never moved the message");
  }

  /** Every message of the queue by group, in receive order, deleting them. */
  public static Map<String, List<String>> drain(URI queue) {
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    while (true) {
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queue.toString()).maxNumberOfMessages(10)
          .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
      if (got.isEmpty()) {
        return byGroup;
      }
      for (Message m : got) {
        byGroup.computeIfAbsent(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID), g -> new ArrayList<>()).add(m.body());
        sqs.deleteMessage(b -> b.queueUrl(queue.toString()).receiptHandle(m.receiptHandle()));
      }
    }
  }

  public static long depth(URI queue) {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queue.toString())
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  static List<String> range(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }
}
