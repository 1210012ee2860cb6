package io.ddbsync.cli.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.cli.shared.template.PipelineSettings.FunctionSettings;
import io.ddbsync.cli.shared.template.PipelineSettings.QueueSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The event source mapping against a real FIFO queue (ElasticMQ): what it deletes, what it leaves for
 * redelivery, and how the queue's redrive policy then moves a message that keeps failing.
 */
class SqsEventSourceMappingTest {

  static final String REGION = "eu-west-1";
  static final FunctionSettings INDEXER =
      new FunctionSettings("IndexerFunction", "test", 60, 1024, List.of(), Map.of());
  static final AtomicInteger QUEUES = new AtomicInteger();

  static LocalSqs server;
  static SqsClient sqs;

  @BeforeAll
  static void startSqs() {
    server = LocalSqs.start(0, REGION);
    sqs = LocalAws.sqs(server.endpoint(), REGION);
  }

  @AfterAll
  static void stopSqs() {
    sqs.close();
    server.close();
  }

  private static LocalQueues queues(int maxReceiveCount) {
    int n = QUEUES.incrementAndGet();
    return LocalQueues.create(sqs, new QueueSettings("changes-" + n + ".fifo", "dead-" + n + ".fifo", true, false,
        1, maxReceiveCount, Map.of()), 1, REGION);
  }

  private static void send(LocalQueues queues, String group, String body) {
    sqs.sendMessage(b -> b.queueUrl(queues.changes().toString()).messageBody(body)
        .messageGroupId(group).messageDeduplicationId(body));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static boolean settled(LocalQueues queues, SqsEventSourceMapping esm) {
    return LocalQueues.depth(sqs, queues.changes()).empty() && esm.idle();
  }

  @Test
  void handlerReceivesTheEventLambdaBuildsAndSuccessesAreDeleted() throws Exception {
    LocalQueues queues = queues(3);
    List<SQSEvent.SQSMessage> seen = Collections.synchronizedList(new ArrayList<>());
    RequestHandler<SQSEvent, SQSBatchResponse> handler = (event, context) -> {
      seen.addAll(event.getRecords());
      return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    };
    send(queues, "ORDER#1", "a");
    send(queues, "ORDER#1", "b");
    send(queues, "ORDER#2", "c");

    try (SqsEventSourceMapping esm = new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), REGION,
        INDEXER, 10, 2, () -> handler, TimeScale.FULL)) {
      await(() -> seen.size() == 3 && settled(queues, esm));
    }

    SQSEvent.SQSMessage first = seen.stream().filter(m -> m.getBody().equals("a")).findFirst().orElseThrow();
    assertThat(first.getEventSource()).isEqualTo("aws:sqs");
    assertThat(first.getEventSourceArn()).isEqualTo("arn:aws:sqs:eu-west-1:000000000000:" + queues.changes().getPath()
        .substring(queues.changes().getPath().lastIndexOf('/') + 1));
    assertThat(first.getAwsRegion()).isEqualTo(REGION);
    assertThat(first.getAttributes()).containsEntry("MessageGroupId", "ORDER#1")
        .containsEntry("MessageDeduplicationId", "a").containsEntry("ApproximateReceiveCount", "1")
        .containsKeys("SentTimestamp", "SequenceNumber");
    assertThat(seen.stream().filter(m -> m.getAttributes().get("MessageGroupId").equals("ORDER#1")).map(m -> m.getBody()))
        .as("one group's messages in the order sent").containsExactly("a", "b");
  }

  @Test
  void reportedFailureIsRedeliveredThenMovedToTheDeadLetterQueueAfterMaxReceiveCount() throws Exception {
    LocalQueues queues = queues(2);
    List<String> receives = Collections.synchronizedList(new ArrayList<>());
    RequestHandler<SQSEvent, SQSBatchResponse> handler = (event, context) -> {
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      for (SQSEvent.SQSMessage message : event.getRecords()) {
        receives.add(message.getBody() + "#" + message.getAttributes().get("ApproximateReceiveCount"));
        if (message.getBody().equals("poison")) {
          failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
        }
      }
      return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    };
    send(queues, "ORDER#1", "poison");
    send(queues, "ORDER#2", "fine");

    try (SqsEventSourceMapping esm = new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), REGION,
        INDEXER, 10, 2, () -> handler, TimeScale.FULL)) {
      await(() -> settled(queues, esm) && LocalQueues.depth(sqs, queues.deadLetters()).visible() == 1);
      assertThat(esm.counts().reportedFailures.get()).isEqualTo(2);
      assertThat(esm.counts().redelivered.get()).isEqualTo(1);
    }
    assertThat(receives).containsExactlyInAnyOrder("poison#1", "poison#2", "fine#1");
  }

  @Test
  void whenTheHandlerThrowsTheWholeBatchComesBack() throws Exception {
    LocalQueues queues = queues(5);
    AtomicInteger calls = new AtomicInteger();
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    RequestHandler<SQSEvent, SQSBatchResponse> handler = (event, context) -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("the function timed out");
      }
      event.getRecords().forEach(m -> applied.add(m.getBody()));
      return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    };
    send(queues, "ORDER#1", "a");
    send(queues, "ORDER#1", "b");

    try (SqsEventSourceMapping esm = new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), REGION,
        INDEXER, 10, 1, () -> handler, TimeScale.FULL)) {
      await(() -> applied.size() == 2 && settled(queues, esm));
      assertThat(esm.counts().handlerErrors.get()).isEqualTo(1);
    }
    assertThat(applied).containsExactly("a", "b");
  }

  /**
   * Lambda, "Handling errors for an SQS event source in Lambda" (partial batch responses): an
   * {@code itemIdentifier} that is null, empty or not a message id of the batch makes Lambda treat
   * the whole batch as failed; every message comes back, none is deleted.
   */
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = "no-such-message-id")
  void anInvalidItemIdentifierFailsTheWholeBatch(String identifier) throws Exception {
    LocalQueues queues = queues(5);
    AtomicInteger calls = new AtomicInteger();
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    RequestHandler<SQSEvent, SQSBatchResponse> handler = (event, context) -> {
      if (calls.incrementAndGet() == 1) {
        return SQSBatchResponse.builder().withBatchItemFailures(List.of(
            SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(identifier).build())).build();
      }
      event.getRecords().forEach(m -> applied.add(m.getBody() + "#" + m.getAttributes().get("ApproximateReceiveCount")));
      return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    };
    send(queues, "ORDER#1", "a");
    send(queues, "ORDER#1", "b");

    try (SqsEventSourceMapping esm = new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), REGION,
        INDEXER, 10, 1, () -> handler, TimeScale.FULL)) {
      await(() -> applied.size() == 2 && settled(queues, esm));
      assertThat(esm.counts().invalidResponses.get()).isEqualTo(1);
      assertThat(esm.counts().reportedFailures.get()).isZero();
    }
    assertThat(applied).as("both messages redelivered, neither deleted by the invalid response")
        .containsExactly("a#2", "b#2");
  }

  /**
   * Lambda, "Handling errors for an SQS event source in Lambda" and "Using Lambda with Amazon SQS": an
   * invocation that runs past the function's timeout fails, and its whole batch becomes visible again
   * only after the queue's visibility timeout; meanwhile FIFO keeps the group's later messages back,
   * so nothing of the group runs while the timed-out invocation holds it.
   */
  @Test
  void aTimedOutInvocationsBatchReturnsAfterTheVisibilityTimeoutWithNothingOfItsGroupRunningMeanwhile()
      throws Exception {
    int visibilitySeconds = 2;
    LocalQueues queues = LocalQueues.create(sqs, new QueueSettings("changes-t" + QUEUES.incrementAndGet() + ".fifo",
        "dead-t" + QUEUES.get() + ".fifo", true, false, visibilitySeconds, 5, Map.of()), visibilitySeconds, REGION);
    // Timeout 1 s at time scale 0.2: 200 ms.
    FunctionSettings indexer = new FunctionSettings("IndexerFunction", "test", 1, 1024, List.of(), Map.of());
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    List<Long> startNanos = Collections.synchronizedList(new ArrayList<>());
    RequestHandler<SQSEvent, SQSBatchResponse> handler = (event, context) -> {
      if (running.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      try {
        startNanos.add(System.nanoTime());
        event.getRecords().forEach(m -> started.add(m.getBody() + "#" + m.getAttributes().get("ApproximateReceiveCount")));
        if (calls.incrementAndGet() == 1) {
          Thread.sleep(5_000); // runs past the timeout; interrupted when it passes
        }
        return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
      } catch (InterruptedException e) {
        throw new IllegalStateException("timed out", e);
      } finally {
        running.decrementAndGet();
      }
    };
    send(queues, "ORDER#1", "a");

    try (SqsEventSourceMapping esm = new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), REGION,
        indexer, 10, 2, () -> handler, new TimeScale(0.2))) {
      await(() -> calls.get() == 1);
      send(queues, "ORDER#1", "b"); // same group, while "a" is held by the timed-out invocation
      await(() -> started.contains("b#1") && settled(queues, esm));
      assertThat(esm.counts().timeouts.get()).isEqualTo(1);
    }
    assertThat(started).as("a comes back (second receive) before b, in one batch or two").startsWith("a#1", "a#2");
    assertThat(started).contains("b#1");
    // The visibility clock starts at the receive, before the handler stamps its start (later on a
    // loaded machine), so the margin is 1 s: still far above the 200 ms after which a batch returned
    // at its timeout, rather than at its visibility timeout, would come back.
    assertThat(startNanos.get(1) - startNanos.get(0)).as("redelivered no sooner than the visibility timeout")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(visibilitySeconds).minusSeconds(1).toNanos());
    assertThat(overlaps.get()).as("invocations of the group running at once").isZero();
  }
}
