package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.function.Functions;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.queue.LocalSqs;
import io.ddbsync.cli.local.stream.LocalStreams;
import io.ddbsync.cli.local.workload.WorkloadGenerator;
import io.ddbsync.cli.shared.replay.BatchInfo;
import io.ddbsync.cli.shared.replay.ShardRange;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The local pipe's failure handling against ElasticMQ, as "Amazon EventBridge Pipes error handling and
 * troubleshooting", "Amazon EventBridge Pipes batching and concurrency" and
 * {@code PipeSourceDynamoDBStreamParameters} describe it: AUTOMATIC_BISECT isolates a failing record,
 * retries are bounded by MaximumRetryAttempts, the batch given up goes to the pipe's dead-letter queue
 * as its sequence-number range, a partial SendMessageBatch failure retries only the refused entries
 * through the enrichment, and SDK errors are retried without counting as attempts.
 */
class PipeFailuresTest {

  static final String REGION = "us-east-1";
  static final PipelineSettings SETTINGS = TemplateSettings.load(Cli.template());
  static final PipeRetryPolicy FAST =
      new PipeRetryPolicy(3, Duration.ofMinutes(1), true, Duration.ofMillis(1), Duration.ofMillis(4));

  static LocalSqs server;
  static SqsClient sqs;

  URI changes;
  URI pipeDeadLetters;
  List<ObjectNode> records;
  final List<List<String>> enrichmentInputs = Collections.synchronizedList(new ArrayList<>());

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

  @BeforeEach
  void queues() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    changes = URI.create(sqs.createQueue(b -> b.queueName("changes-" + run + ".fifo")
        .attributes(java.util.Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl());
    pipeDeadLetters = LocalQueues.createPipeDeadLetters(sqs, "pipe-dlq-" + run);
    // Five changes of five items, in stream order.
    records = new WorkloadGenerator(7, List.of("pk", "sk")).generate(40, 1000).records().subList(0, 5);
  }

  /** The template's enrichment, failing every batch that holds one of {@code poison}. */
  RequestStreamHandler enrichment(String... poison) {
    RequestStreamHandler real = Functions.instantiate(SETTINGS.enrichment().handler(),
        SETTINGS.enrichment().environment(), RequestStreamHandler.class);
    return (in, out, context) -> {
      byte[] bytes = in.readAllBytes();
      List<String> ids = new ArrayList<>();
      ChangeMessages.MAPPER.readTree(bytes).forEach(r -> ids.add(r.path("eventID").asText()));
      enrichmentInputs.add(ids);
      if (ids.stream().anyMatch(List.of(poison)::contains)) {
        throw new IllegalStateException("cannot enrich");
      }
      real.handleRequest(new ByteArrayInputStream(bytes), out, context);
    };
  }

  PipeEmulator pipe(RequestStreamHandler enrichment, SqsClient client) {
    return new PipeEmulator(RecordFilter.of(List.of()), enrichment, SETTINGS, client, changes,
        PipeEmulator.DeliveryFaults.none(changes),
        new PipeEmulator.Failures(FAST, Optional.of(pipeDeadLetters), LocalStreams.SHARD_ID, Duration.ofSeconds(30)));
  }

  String id(int i) {
    return records.get(i).path("eventID").asText();
  }

  @Test
  void aPoisonRecordIsIsolatedByBisectionWhileItsNeighboursGoThrough() {
    PipeEmulator pipe = pipe(enrichment(id(2)), sqs);

    pipe.deliver(records);

    assertThat(queuedEventIds()).containsExactlyInAnyOrder(id(0), id(1), id(3), id(4));
    List<Message> deadLetters = drain(pipeDeadLetters);
    assertThat(deadLetters).hasSize(1);
    BatchInfo batch = BatchInfo.parse(deadLetters.get(0).body()).orElseThrow();
    BigInteger poisonSequence = new BigInteger(records.get(2).path("dynamodb").path("SequenceNumber").asText());
    assertThat(batch.startSequenceNumber()).isEqualTo(poisonSequence);
    assertThat(batch.endSequenceNumber()).isEqualTo(poisonSequence);
    assertThat(batch.batchSize()).isEqualTo(1);
    assertThat(batch.shardId()).isEqualTo(LocalStreams.SHARD_ID);
    assertThat(batch.streamArn()).isEqualTo(records.get(0).path("eventSourceARN").asText());
    assertThat(json(deadLetters.get(0).body()).path("requestContext").path("condition").asText())
        .isEqualTo("RetryAttemptsExhausted");
    // [0..4] fails, halves [0,1] (through) and [2,3,4] (fails), halves [2] and [3,4] (through);
    // [2] alone: the first attempt and MaximumRetryAttempts (3) retries.
    assertThat(enrichmentInputs).containsExactly(
        List.of(id(0), id(1), id(2), id(3), id(4)), List.of(id(0), id(1)), List.of(id(2), id(3), id(4)),
        List.of(id(2)), List.of(id(2)), List.of(id(2)), List.of(id(2)), List.of(id(3), id(4)));
    assertThat(pipe.counts().bisections.get()).isEqualTo(2);
    assertThat(pipe.counts().pipeRetries.get()).isEqualTo(3);
    assertThat(pipe.counts().failedRecords.get()).isEqualTo(1);
    assertThat(pipe.counts().deadLetteredBatches.get()).isEqualTo(1);
  }

  @Test
  void theDeadLetteredRangeIsRecoveredByReplayFromTheLocalStream() throws Exception {
    pipe(enrichment(id(2)), sqs).deliver(records);
    queuedEventIds();

    StreamReplay.Tally tally;
    try (LocalStreams stream = LocalStreams.start(records);
        DynamoDbStreamsClient streams = LocalAws.streams(stream.endpoint(), REGION)) {
      stream.closeShards();
      StreamReplay replay = new StreamReplay(sqs, new ShardRange(streams), RecordFilter.of(SETTINGS.filterPatterns()),
          new Enrichment(EnrichmentConfig.fromEnv(SETTINGS.enrichment().environment())), SETTINGS.pipeBatchSize());
      tally = replay.drain(pipeDeadLetters, changes, false, 30, 0, result -> {});
    }

    assertThat(tally).isEqualTo(new StreamReplay.Tally(1, 0));
    assertThat(queuedEventIds()).containsExactly(id(2));
    assertThat(drain(pipeDeadLetters)).isEmpty();
  }

  @Test
  void entriesTheQueueRefusesAreRetriedAloneThroughTheEnrichment() {
    AtomicInteger sends = new AtomicInteger();
    // The first SendMessageBatch: the queue takes every entry but the second.
    SqsClient refusingOnce = intercepting(request -> {
      if (sends.getAndIncrement() > 0) {
        return null;
      }
      List<BatchResultErrorEntry> failed = List.of(BatchResultErrorEntry.builder()
          .id(request.entries().get(1).id()).code("InternalError").message("refused").senderFault(false).build());
      sqs.sendMessageBatch(request.toBuilder().entries(request.entries().subList(0, 1)).build());
      sqs.sendMessageBatch(request.toBuilder().entries(request.entries().subList(2, request.entries().size())).build());
      return SendMessageBatchResponse.builder().failed(failed).build();
    });
    List<ObjectNode> batch = records.subList(0, 3);
    PipeEmulator pipe = pipe(enrichment(), refusingOnce);

    pipe.deliver(batch);

    assertThat(enrichmentInputs).containsExactly(List.of(id(0), id(1), id(2)), List.of(id(1)));
    assertThat(queuedEventIds()).containsExactlyInAnyOrder(id(0), id(1), id(2));
    assertThat(pipe.counts().refusedEntries.get()).isEqualTo(1);
    assertThat(pipe.counts().pipeRetries.get()).isEqualTo(1);
    assertThat(pipe.counts().failedRecords.get()).isZero();
  }

  @Test
  void sdkErrorsOnSendAreRetriedAndCountedButUseNoRetryAttempt() {
    AtomicInteger sends = new AtomicInteger();
    SqsClient unreachableTwice = intercepting(request -> {
      if (sends.getAndIncrement() < 2) {
        throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
      }
      return null;
    });
    PipeEmulator pipe = pipe(enrichment(), unreachableTwice);

    pipe.deliver(records.subList(0, 2));

    assertThat(queuedEventIds()).containsExactlyInAnyOrder(id(0), id(1));
    assertThat(pipe.counts().sendErrors.get()).isEqualTo(2);
    assertThat(pipe.counts().pipeRetries.get()).isZero();
    assertThat(pipe.counts().failedRecords.get()).isZero();
  }

  /**
   * Pipes invokes the enrichment synchronously ("Amazon EventBridge Pipes error handling and
   * troubleshooting"): an invocation that runs past the function's Timeout fails the batch, which is
   * then bisected and retried like any other failure.
   */
  @Test
  void anEnrichmentRunningPastItsTimeoutFailsTheBatch() {
    RequestStreamHandler real = enrichment();
    AtomicInteger calls = new AtomicInteger();
    RequestStreamHandler slowOnce = (in, out, context) -> {
      if (calls.getAndIncrement() == 0) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          throw new IllegalStateException("interrupted at the timeout", e);
        }
      }
      real.handleRequest(in, out, context);
    };
    PipeEmulator pipe = new PipeEmulator(RecordFilter.of(List.of()), slowOnce, SETTINGS, sqs, changes,
        PipeEmulator.DeliveryFaults.none(changes),
        new PipeEmulator.Failures(FAST, Optional.of(pipeDeadLetters), LocalStreams.SHARD_ID, Duration.ofMillis(200)));

    pipe.deliver(records.subList(0, 2));

    assertThat(pipe.counts().enrichmentTimeouts.get()).isEqualTo(1);
    assertThat(pipe.counts().bisections.get()).isEqualTo(1);
    assertThat(queuedEventIds()).containsExactlyInAnyOrder(id(0), id(1));
  }

  /**
   * SendMessageBatch limits the sum of its messages to 1 MiB (SQS API reference: SendMessageBatch;
   * "Amazon EventBridge Pipes batching and concurrency"): four 300 KB change messages fail as one batch,
   * which is bisected into halves that fit. ElasticMQ does not check sizes, so the local pipe does.
   * The template's enrichment keeps its batch under 1 MiB itself, so this one pads each message, as
   * an enrichment without that cap could.
   */
  @Test
  void aBatchOverOneMebibyteFailsWholeAndIsBisectedIntoBatchesThatFit() {
    RequestStreamHandler real = enrichment();
    RequestStreamHandler padding = (in, out, context) -> {
      ByteArrayOutputStream messages = new ByteArrayOutputStream();
      real.handleRequest(in, messages, context);
      JsonNode response = ChangeMessages.MAPPER.readTree(messages.toByteArray());
      response.forEach(m -> ((ObjectNode) m).put("padding", "x".repeat(300_000)));
      out.write(ChangeMessages.MAPPER.writeValueAsBytes(response));
    };
    PipeEmulator pipe = pipe(padding, sqs);

    pipe.deliver(records.subList(0, 4));

    assertThat(pipe.counts().oversized.get()).isEqualTo(1);
    assertThat(pipe.counts().bisections.get()).isEqualTo(1);
    assertThat(queuedEventIds()).containsExactlyInAnyOrder(id(0), id(1), id(2), id(3));
    assertThat(drain(pipeDeadLetters)).isEmpty();
  }

  // --- helpers

  /** The shared client, with SendMessageBatch to the change queue answered by {@code send} unless it returns null. */
  SqsClient intercepting(java.util.function.Function<SendMessageBatchRequest, SendMessageBatchResponse> send) {
    return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
        (proxy, method, args) -> {
          if (method.getName().equals("sendMessageBatch") && args != null && args.length == 1) {
            @SuppressWarnings("unchecked")
            SendMessageBatchRequest request = args[0] instanceof SendMessageBatchRequest r ? r
                : SendMessageBatchRequest.builder().applyMutation((Consumer<SendMessageBatchRequest.Builder>) args[0]).build();
            if (request.queueUrl().equals(changes.toString())) {
              SendMessageBatchResponse answer = send.apply(request);
              return answer != null ? answer : sqs.sendMessageBatch(request);
            }
          }
          try {
            return method.invoke(sqs, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  List<String> queuedEventIds() {
    return drain(changes).stream().map(m -> json(m.body()).path("eventId").asText()).toList();
  }

  static List<Message> drain(URI queue) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queue.toString()).maxNumberOfMessages(10)).messages();
      if (got.isEmpty()) {
        return all;
      }
      for (Message m : got) {
        all.add(m);
        sqs.deleteMessage(b -> b.queueUrl(queue.toString()).receiptHandle(m.receiptHandle()));
      }
    }
  }

  static JsonNode json(String body) {
    try {
      return ChangeMessages.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
