package io.ddbsync.cli.local.pipe;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.function.LocalContext;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * EventBridge Pipes with a DynamoDB stream source, an enrichment function and an SQS FIFO target:
 * filter each record, batch by the pipe's {@code BatchSize}, invoke the enrichment synchronously with
 * the batch as a JSON array, send each returned element to the queue with the group and
 * deduplication ids read at the template's JSON paths.
 *
 * <p>The input is finite and already available, so {@code MaximumBatchingWindowInSeconds} never
 * delays a batch here: a batch closes when it is full or the input ends. Batches run one after the
 * other, in stream order, as one shard with {@code ParallelizationFactor} 1 would.
 *
 * <p>{@link DeliveryFaults} make some deliveries go wrong on purpose: a share of messages is sent
 * again some batches later under a new deduplication id (at-least-once delivery, or a Pipes retry
 * after the 5-minute deduplication window, which a local run cannot wait for), and a share is sent
 * straight to the dead-letter queue without a reason attribute, as the queue's RedrivePolicy would
 * after {@code maxReceiveCount} failed deliveries.
 */
public final class PipeEmulator {

  /** SQS's SendMessageBatch maximum; Pipes does not invoke the target with a longer array. */
  static final int SQS_BATCH_MAX = 10;

  /** SendMessageBatch's limit on the sum of its messages' sizes (SQS API reference: SendMessageBatch). */
  static final int SQS_BATCH_BYTES = 1_048_576;

  /** SQS's MaximumMessageSize when a queue does not set one. */
  static final int SQS_DEFAULT_MESSAGE_BYTES = 262_144;

  private final RecordFilter filter;
  private final RequestStreamHandler enrichment;
  private final PipelineSettings.FunctionSettings function;
  private final int batchSize;
  private final JsonPath groupIdPath;
  private final JsonPath dedupIdPath;
  private final SqsClient sqs;
  private final URI queueUrl;
  private final int maximumMessageSize;
  private final PipeCounts counts = new PipeCounts();
  private final DeliveryFaults faults;
  private final Failures failures;
  private final Random faultRandom;
  /** The thread the enrichment runs on, so that its Timeout can be enforced; replaced after a timeout. */
  private ExecutorService invoker = newInvoker();
  private final List<Delayed> delayed = new ArrayList<>();
  private long batchesSent;

  /** Deliveries that go wrong on purpose; see the class comment. */
  public record DeliveryFaults(double duplicate, double redrive, URI deadLetterQueue, long seed) {
    public static DeliveryFaults none(URI deadLetterQueue) {
      return new DeliveryFaults(0, 0, deadLetterQueue, 0);
    }
  }

  /**
   * How failed batches are retried and where they go when given up.
   *
   * @param deadLetterQueue the pipe's dead-letter queue ({@code DeadLetterConfig}); without one a
   *     given-up batch is dropped, as Pipes drops it, and counted as failed
   * @param shardId the stream shard the records are read from, named in the dead-letter message
   * @param enrichmentTimeout the enrichment function's {@code Timeout} (scaled): an invocation still
   *     running then is interrupted and fails its batch
   */
  public record Failures(PipeRetryPolicy policy, Optional<URI> deadLetterQueue, String shardId, Duration enrichmentTimeout) {
    /** The template's settings at {@code timeScale}. */
    public static Failures of(PipelineSettings settings, TimeScale timeScale, Optional<URI> deadLetterQueue, String shardId) {
      return new Failures(PipeRetryPolicy.of(settings.pipeFailures(), timeScale), deadLetterQueue, shardId,
          timeScale.timeout(settings.enrichment().timeoutSeconds()));
    }
  }

  /** A duplicate waiting to be sent after {@code dueBatch} batches. */
  private record Delayed(long dueBatch, SendMessageBatchRequestEntry entry) {}

  /** A duplicate goes out this many batches after its original, at most. */
  static final int MAX_DUPLICATE_DELAY_BATCHES = 50;

  public PipeEmulator(
      RecordFilter filter,
      RequestStreamHandler enrichment,
      PipelineSettings settings,
      SqsClient sqs,
      URI queueUrl) {
    this(filter, enrichment, settings, sqs, queueUrl, DeliveryFaults.none(queueUrl),
        Failures.of(settings, TimeScale.FULL, Optional.empty(), "shardId-local"));
  }

  public PipeEmulator(
      RecordFilter filter,
      RequestStreamHandler enrichment,
      PipelineSettings settings,
      SqsClient sqs,
      URI queueUrl,
      DeliveryFaults faults,
      Failures failures) {
    this.filter = filter;
    this.enrichment = enrichment;
    this.function = settings.enrichment();
    this.batchSize = settings.pipeBatchSize();
    this.groupIdPath = JsonPath.parse(settings.groupIdPath());
    this.dedupIdPath = JsonPath.parse(settings.dedupIdPath());
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.maximumMessageSize = Integer.parseInt(settings.queue().otherAttributes()
        .getOrDefault("MaximumMessageSize", Integer.toString(SQS_DEFAULT_MESSAGE_BYTES)));
    this.faults = faults;
    this.failures = failures;
    this.faultRandom = new Random(faults.seed());
  }

  public PipeCounts counts() {
    return counts;
  }

  /** Runs every record through the pipe; {@code progress} is told how many records were consumed. */
  public void run(List<ObjectNode> records, LongConsumer progress) {
    List<ObjectNode> batch = new ArrayList<>(batchSize);
    for (ObjectNode record : records) {
      if (!admit(record)) {
        progress.accept(1);
        continue;
      }
      batch.add(record);
      if (batch.size() == batchSize) {
        deliver(batch);
        progress.accept(batch.size());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      deliver(batch);
      progress.accept(batch.size());
    }
    flush();
  }

  /** Sends what is still held back (the delayed duplicates): the end of the input. */
  public void flush() {
    sendDuplicates(Long.MAX_VALUE);
  }

  private static ExecutorService newInvoker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, Thread.currentThread().getName() + "-enrichment");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Counts the record and applies the filter: whether it goes on into a batch. */
  public boolean admit(ObjectNode record) {
    counts.records.incrementAndGet();
    if (filter.passes(record)) {
      return true;
    }
    counts.filteredOut.incrementAndGet();
    return false;
  }

  /**
   * One batch (admitted records, stream order) through the enrichment to the queue, retried,
   * bisected and dead-lettered as {@link PipeRetryPolicy} says.
   */
  public void deliver(List<ObjectNode> batch) {
    process(List.copyOf(batch), System.nanoTime());
  }

  private void process(List<ObjectNode> batch, long readNanos) {
    List<ObjectNode> pending = batch;
    int retries = 0;
    int internalErrors = 0;
    int invocations = 0;
    while (true) {
      PipeRetryPolicy.Decision decision;
      boolean internal = false;
      Duration age = Duration.ofNanos(System.nanoTime() - readNanos);
      try {
        invocations++;
        List<ObjectNode> refused = execute(pending);
        if (refused.isEmpty()) {
          return;
        }
        // Pipes retries only the entries the target refused, through the whole pipe, enrichment included.
        pending = refused;
        decision = failures.policy().afterCustomerError(retries, pending.size(), age);
      } catch (PipeFailure e) {
        counts.lastError.set(e.getMessage());
        decision = failures.policy().afterCustomerError(retries, pending.size(), age);
      } catch (SdkException e) {
        counts.lastError.set("sending to the queue failed: " + e.getMessage());
        internal = isInternal(e);
        if (internal) {
          counts.sendErrors.incrementAndGet();
          decision = failures.policy().afterInternalError(++internalErrors, age);
        } else {
          decision = failures.policy().afterCustomerError(retries, pending.size(), age);
        }
      }
      if (decision instanceof PipeRetryPolicy.Bisect) {
        counts.bisections.incrementAndGet();
        int half = pending.size() / 2;
        process(pending.subList(0, half), readNanos);
        process(pending.subList(half, pending.size()), readNanos);
        return;
      }
      if (decision instanceof PipeRetryPolicy.DeadLetter dead) {
        giveUp(pending, dead.condition(), invocations);
        return;
      }
      if (!internal) {
        retries++;
        counts.pipeRetries.incrementAndGet();
      }
      // The retry's backoff: this lane waits, as a shard waits behind its failing batch on AWS.
      LockSupport.parkNanos(((PipeRetryPolicy.Retry) decision).after().toNanos());
    }
  }

  /**
   * An SDK error Pipes counts as its own (retried until the record expires): no answer, throttling or
   * a 5xx. A 4xx, such as a batch over SendMessageBatch's 1 MiB total, is the pipe's configuration
   * or data: a customer error.
   */
  private static boolean isInternal(SdkException e) {
    return !(e instanceof AwsServiceException service) || service.isThrottlingException() || service.statusCode() >= 500;
  }

  /**
   * Enriches {@code batch} and sends the result; the records whose messages the queue refused
   * (empty when all went through). Throws {@link PipeFailure} when the whole batch failed.
   */
  private List<ObjectNode> execute(List<ObjectNode> batch) {
    ArrayNode input = ChangeMessages.MAPPER.createArrayNode().addAll(batch);
    ArrayNode output = enrich(input);
    if (output.size() > SQS_BATCH_MAX) {
      // Pipes does not invoke an SQS target with more than 10 entries: the batch fails.
      throw new PipeFailure("enrichment returned " + output.size() + " elements for " + batch.size()
          + " records; an SQS target takes at most " + SQS_BATCH_MAX + " (lower the pipe BatchSize)");
    }
    Set<String> refused = send(output);
    if (refused.isEmpty()) {
      counts.enriched.addAndGet(output.size());
      countSkipped(batch, output);
      return List.of();
    }
    counts.enriched.addAndGet(output.size() - refused.size());
    counts.refusedEntries.addAndGet(refused.size());
    List<ObjectNode> remaining = batch.stream().filter(r -> refused.contains(r.path("eventID").asText())).toList();
    // An element that names no record of the batch cannot be traced back: retry the whole batch.
    return remaining.isEmpty() ? batch : remaining;
  }

  private void giveUp(List<ObjectNode> batch, PipeRetryPolicy.Condition condition, int invocations) {
    counts.failedRecords.addAndGet(batch.size());
    if (failures.deadLetterQueue().isEmpty()) {
      counts.droppedRecords.addAndGet(batch.size());
      return;
    }
    String body = PipeDeadLetterBody.of(batch, failures.shardId(), condition, invocations, Instant.now());
    while (true) {
      try {
        sqs.sendMessage(b -> b.queueUrl(failures.deadLetterQueue().get().toString()).messageBody(body));
        counts.deadLetteredBatches.incrementAndGet();
        return;
      } catch (SdkException e) {
        if (!isInternal(e)) {
          throw e;
        }
        // Pipes keeps retrying an internal error.
        counts.sendErrors.incrementAndGet();
        LockSupport.parkNanos(failures.policy().firstBackoff().toNanos());
      }
    }
  }

  private ArrayNode enrich(ArrayNode input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in;
    try {
      in = ChangeMessages.MAPPER.writeValueAsBytes(input);
    } catch (IOException e) {
      throw new PipeFailure("cannot write the batch as JSON: " + e.getMessage());
    }
    long start = System.nanoTime();
    Duration timeout = failures.enrichmentTimeout();
    Future<?> invocation = invoker.submit(() -> {
      enrichment.handleRequest(new ByteArrayInputStream(in), out, new LocalContext(function.name(), timeout, function.memoryMb()));
      return null;
    });
    try {
      invocation.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Pipes invokes the enrichment synchronously: past its Timeout the invocation fails the batch.
      invocation.cancel(true);
      invoker.shutdownNow();
      invoker = newInvoker();
      counts.enrichmentTimeouts.incrementAndGet();
      throw new PipeFailure("enrichment timed out after " + timeout.toMillis() + " ms (its Timeout at this time scale)");
    } catch (ExecutionException e) {
      throw new PipeFailure("enrichment failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipeFailure("interrupted while the enrichment ran");
    } finally {
      counts.invocations.incrementAndGet();
      long nanos = System.nanoTime() - start;
      counts.enrichmentNanos.addAndGet(nanos);
      counts.enrichmentBilledMs.addAndGet(LocalContext.billedMs(nanos));
    }
    JsonNode response;
    try {
      response = ChangeMessages.MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new PipeFailure("enrichment response is not JSON: " + e.getMessage());
    }
    if (response instanceof ArrayNode array) {
      return array;
    }
    throw new PipeFailure("enrichment response is not a JSON array");
  }

  /** Records of the batch that no returned message names by event id: the enrichment skipped them. */
  private void countSkipped(List<ObjectNode> batch, ArrayNode output) {
    Set<String> answered = new HashSet<>();
    output.forEach(message -> answered.add(message.path("eventId").asText()));
    batch.stream()
        .filter(record -> !answered.contains(record.path("eventID").asText()))
        .forEach(record -> counts.skipped.incrementAndGet());
  }

  /** Sends the enriched elements; the event ids of the elements the queue refused. */
  private Set<String> send(ArrayNode messages) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String groupId = groupIdPath.read(message).orElseThrow(() ->
          new PipeFailure("enriched element has no " + groupIdPath.expression() + " for MessageGroupId"));
      String dedupId = dedupIdPath.read(message).orElseThrow(() ->
          new PipeFailure("enriched element has no " + dedupIdPath.expression() + " for MessageDeduplicationId"));
      entries.add(SendMessageBatchRequestEntry.builder()
          .id(Integer.toString(i))
          .messageBody(message.toString())
          .messageGroupId(groupId)
          .messageDeduplicationId(dedupId)
          .build());
    }
    if (entries.isEmpty()) {
      return Set.of();
    }
    checkSizes(entries);
    List<SendMessageBatchRequestEntry> toQueue = new ArrayList<>();
    List<SendMessageBatchRequestEntry> toDeadLetters = new ArrayList<>();
    for (SendMessageBatchRequestEntry entry : entries) {
      (draw() < faults.redrive() ? toDeadLetters : toQueue).add(entry);
    }
    Set<String> refused = new HashSet<>();
    for (String id : sendBatch(queueUrl, toQueue)) {
      refused.add(messages.get(Integer.parseInt(id)).path("eventId").asText());
    }
    sendBatch(faults.deadLetterQueue(), toDeadLetters);
    counts.deadLetteredOnPurpose.addAndGet(toDeadLetters.size());
    batchesSent++;
    for (SendMessageBatchRequestEntry entry : toQueue) {
      if (draw() < faults.duplicate()) {
        delayed.add(new Delayed(batchesSent + 1 + faultRandom.nextInt(MAX_DUPLICATE_DELAY_BATCHES),
            entry.toBuilder().messageDeduplicationId(entry.messageDeduplicationId() + "-again").build()));
      }
    }
    sendDuplicates(batchesSent);
    return refused;
  }

  private double draw() {
    return faults.duplicate() == 0 && faults.redrive() == 0 ? 1 : faultRandom.nextDouble();
  }

  /** Sends the duplicates due by batch {@code upTo}, in the order their originals were sent. */
  private void sendDuplicates(long upTo) {
    List<SendMessageBatchRequestEntry> due = new ArrayList<>();
    delayed.removeIf(d -> d.dueBatch() <= upTo && due.add(d.entry()));
    for (int from = 0; from < due.size(); from += SQS_BATCH_MAX) {
      List<SendMessageBatchRequestEntry> chunk = new ArrayList<>();
      for (SendMessageBatchRequestEntry entry : due.subList(from, Math.min(due.size(), from + SQS_BATCH_MAX))) {
        chunk.add(entry.toBuilder().id(Integer.toString(chunk.size())).build());
      }
      sendBatch(queueUrl, chunk);
      counts.duplicatesSent.addAndGet(chunk.size());
    }
  }

  /**
   * SQS refuses a message over the queue's MaximumMessageSize, and a SendMessageBatch whose messages
   * add up to more than 1 MiB; ElasticMQ checks neither, so the pipe does. Either fails the whole
   * batch (a customer error: bisection then separates the records).
   */
  private void checkSizes(List<SendMessageBatchRequestEntry> entries) {
    long total = 0;
    for (SendMessageBatchRequestEntry entry : entries) {
      int size = entry.messageBody().getBytes(StandardCharsets.UTF_8).length;
      if (size > maximumMessageSize) {
        counts.oversized.incrementAndGet();
        throw new PipeFailure("a change message of " + size + " bytes is over the queue's MaximumMessageSize ("
            + maximumMessageSize + ")");
      }
      total += size;
    }
    if (total > SQS_BATCH_BYTES) {
      counts.oversized.incrementAndGet();
      throw new PipeFailure("SendMessageBatch of " + total + " bytes is over SQS's 1 MiB per batch");
    }
  }

  /** Sends the entries; the ids of those the queue refused. */
  private List<String> sendBatch(URI queue, List<SendMessageBatchRequestEntry> entries) {
    if (entries.isEmpty()) {
      return List.of();
    }
    SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queue.toString()).entries(entries));
    counts.sendBatchCalls.incrementAndGet();
    if (!response.failed().isEmpty()) {
      BatchResultErrorEntry first = response.failed().get(0);
      counts.lastError.set(response.failed().size() + " of " + entries.size()
          + " messages refused by the queue, first: " + first.code() + " " + first.message());
    }
    return response.failed().stream().map(BatchResultErrorEntry::id).toList();
  }

  /** A failed pipe execution; the batch is retried. */
  private static final class PipeFailure extends RuntimeException {
    PipeFailure(String message) {
      super(message);
    }
  }

  /** What the pipe did, updated while it runs. */
  public static final class PipeCounts {

    /** The sums of several pipes' counts (the lanes of a stream), and the first last error. */
    public static PipeCounts total(List<PipeEmulator> pipes) {
      PipeCounts total = new PipeCounts();
      for (PipeEmulator pipe : pipes) {
        PipeCounts c = pipe.counts();
        total.records.addAndGet(c.records.get());
        total.filteredOut.addAndGet(c.filteredOut.get());
        total.enriched.addAndGet(c.enriched.get());
        total.invocations.addAndGet(c.invocations.get());
        total.enrichmentNanos.addAndGet(c.enrichmentNanos.get());
        total.enrichmentBilledMs.addAndGet(c.enrichmentBilledMs.get());
        total.enrichmentTimeouts.addAndGet(c.enrichmentTimeouts.get());
        total.skipped.addAndGet(c.skipped.get());
        total.pipeRetries.addAndGet(c.pipeRetries.get());
        total.failedRecords.addAndGet(c.failedRecords.get());
        total.deadLetteredBatches.addAndGet(c.deadLetteredBatches.get());
        total.droppedRecords.addAndGet(c.droppedRecords.get());
        total.bisections.addAndGet(c.bisections.get());
        total.refusedEntries.addAndGet(c.refusedEntries.get());
        total.sendErrors.addAndGet(c.sendErrors.get());
        total.oversized.addAndGet(c.oversized.get());
        total.duplicatesSent.addAndGet(c.duplicatesSent.get());
        total.deadLetteredOnPurpose.addAndGet(c.deadLetteredOnPurpose.get());
        total.sendBatchCalls.addAndGet(c.sendBatchCalls.get());
        if (total.lastError.get().isEmpty()) {
          total.lastError.set(c.lastError.get());
        }
      }
      return total;
    }

    public final AtomicLong records = new AtomicLong();
    public final AtomicLong filteredOut = new AtomicLong();
    public final AtomicLong enriched = new AtomicLong();
    public final AtomicLong invocations = new AtomicLong();
    /** Time spent in the enrichment handler: what Lambda would bill. */
    public final AtomicLong enrichmentNanos = new AtomicLong();
    /** The same, as Lambda bills it: each invocation rounded up to the millisecond. */
    public final AtomicLong enrichmentBilledMs = new AtomicLong();
    /** Enrichment invocations that ran past the function's (scaled) Timeout. */
    public final AtomicLong enrichmentTimeouts = new AtomicLong();
    public final AtomicLong skipped = new AtomicLong();
    public final AtomicLong pipeRetries = new AtomicLong();
    /** Records given up on: in the pipe's dead-letter queue, or dropped without one. */
    public final AtomicLong failedRecords = new AtomicLong();
    public final AtomicLong deadLetteredBatches = new AtomicLong();
    /** Records given up on without a dead-letter queue: lost. */
    public final AtomicLong droppedRecords = new AtomicLong();
    public final AtomicLong bisections = new AtomicLong();
    /** Entries the queue refused in a SendMessageBatch; their records were retried. */
    public final AtomicLong refusedEntries = new AtomicLong();
    /** SDK errors sending to a queue (internal errors: retried, not counted as retry attempts). */
    public final AtomicLong sendErrors = new AtomicLong();
    /** Batches refused for a message over MaximumMessageSize or a total over 1 MiB. */
    public final AtomicLong oversized = new AtomicLong();
    public final AtomicLong duplicatesSent = new AtomicLong();
    public final AtomicLong deadLetteredOnPurpose = new AtomicLong();
    /** SendMessageBatch requests that reached a queue: what SQS bills the pipe's target for. */
    public final AtomicLong sendBatchCalls = new AtomicLong();
    public final AtomicReference<String> lastError = new AtomicReference<>("");
  }
}
