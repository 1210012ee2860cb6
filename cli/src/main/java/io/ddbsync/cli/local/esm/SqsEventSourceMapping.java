package io.ddbsync.cli.local.esm;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.cli.local.function.LocalContext;
import io.ddbsync.cli.shared.template.PipelineSettings.FunctionSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's event source mapping for an SQS FIFO queue with {@code ReportBatchItemFailures}: up to
 * {@code MaximumConcurrency} pollers, each with its own handler instance (one execution environment
 * runs one invocation at a time), receive up to {@code BatchSize} messages, invoke the function, and
 * delete the messages it did not report failed. Reported failures, and the whole batch when the
 * function throws, stay in the queue and come back after the visibility timeout; the queue's
 * {@code RedrivePolicy} moves a message to the dead-letter queue after {@code maxReceiveCount}
 * receives. FIFO ordering (one batch at a time per message group) is the queue's doing. A response
 * naming an itemIdentifier that is null, empty or no message of the batch fails the whole batch.
 *
 * <p>Each invocation gets the function's {@code Timeout}, but no more than the queue's visibility
 * timeout: Lambda refuses an SQS event source whose visibility timeout is shorter than the function's
 * timeout, and the local queue's is shortened (seconds, not minutes). So, as on AWS, whatever a dead
 * invocation left in progress has expired by the time its messages come back.
 *
 * <p>The timeout is enforced: an invocation still running when it passes is interrupted and counted
 * as timed out, its batch is left to come back after the visibility timeout, and its poller carries on
 * with a new handler instance, as Lambda replaces a timed-out execution environment. Code that ignores
 * the interrupt keeps running in the background, which Lambda would have frozen.
 */
public final class SqsEventSourceMapping implements AutoCloseable {

  private final SqsClient sqs;
  private final URI queueUrl;
  private final String queueArn;
  private final String region;
  private final FunctionSettings function;
  private final int batchSize;
  private final Duration timeout;
  private final List<Thread> pollers = new ArrayList<>();
  private final List<RequestHandler<SQSEvent, SQSBatchResponse>> handlers = new CopyOnWriteArrayList<>();
  private final Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> environments;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger busy = new AtomicInteger();
  private final EsmCounts counts = new EsmCounts();

  /** The function's {@code Timeout} is taken at {@code timeScale} ({@link TimeScale#timeout}; {@link TimeScale#FULL} for the template's). */
  public SqsEventSourceMapping(
      SqsClient sqs,
      URI queueUrl,
      String queueArn,
      String region,
      FunctionSettings function,
      int batchSize,
      int maximumConcurrency,
      Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers,
      TimeScale timeScale) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.region = region;
    this.function = function;
    this.batchSize = batchSize;
    int visibilityTimeout = Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl.toString())
            .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
        .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
    Duration scaled = timeScale.timeout(function.timeoutSeconds());
    Duration visibility = Duration.ofSeconds(Math.max(1, visibilityTimeout));
    this.timeout = scaled.compareTo(visibility) < 0 ? scaled : visibility;
    this.environments = handlers;
    for (int i = 0; i < maximumConcurrency; i++) {
      Thread poller = new Thread(this::poll, "esm-poller-" + (i + 1));
      poller.setDaemon(true);
      pollers.add(poller);
    }
    pollers.forEach(Thread::start);
  }

  public EsmCounts counts() {
    return counts;
  }

  /** No poller is between receiving a batch and settling it. */
  public boolean idle() {
    return busy.get() == 0;
  }

  /** One execution environment: a handler instance and the thread its invocations run on. */
  private final class Environment {
    final RequestHandler<SQSEvent, SQSBatchResponse> handler = environments.get();
    final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, Thread.currentThread().getName() + "-invocation");
      t.setDaemon(true);
      return t;
    });

    Environment() {
      handlers.add(handler);
    }
  }

  private void poll() {
    Environment environment = new Environment();
    while (running.get()) {
      List<Message> messages;
      try {
        messages = receive();
      } catch (RuntimeException e) {
        if (running.get()) {
          counts.lastError.set("poller: " + e);
        }
        continue;
      }
      if (messages.isEmpty()) {
        continue;
      }
      counts.receives.incrementAndGet();
      busy.incrementAndGet();
      try {
        if (!invoke(environment, messages)) {
          environment.thread.shutdownNow();
          environment = new Environment();
        }
      } catch (RuntimeException e) {
        counts.lastError.set("poller: " + e);
      } finally {
        busy.decrementAndGet();
      }
    }
    environment.thread.shutdownNow();
  }

  private List<Message> receive() {
    return sqs.receiveMessage(b -> b.queueUrl(queueUrl.toString())
            .maxNumberOfMessages(batchSize)
            .waitTimeSeconds(1)
            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
            .attributeNamesWithStrings(QueueAttributeName.ALL.toString())
            .messageAttributeNames("All"))
        .messages();
  }

  /** Invokes the function with the batch and settles it; false when the invocation timed out. */
  private boolean invoke(Environment environment, List<Message> messages) {
    counts.invocations.incrementAndGet();
    messages.stream()
        .filter(m -> Integer.parseInt(m.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1")) > 1)
        .forEach(m -> counts.redelivered.incrementAndGet());
    SQSBatchResponse response;
    SQSEvent event = SqsEvents.of(messages, queueArn, region);
    long start = System.nanoTime();
    Future<SQSBatchResponse> invocation = environment.thread.submit(() -> environment.handler.handleRequest(
        event, new LocalContext(function.name(), timeout, function.memoryMb())));
    try {
      response = invocation.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      invocation.cancel(true);
      counts.timeouts.incrementAndGet();
      counts.lastError.set("indexer timed out after " + timeout.toMillis() + " ms (the function's Timeout"
          + " at this time scale); its batch comes back after the visibility timeout");
      return false;
    } catch (ExecutionException e) {
      counts.handlerErrors.incrementAndGet();
      counts.lastError.set("indexer threw " + e.getCause());
      return true; // every message of the batch becomes visible again after the visibility timeout
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } finally {
      long nanos = System.nanoTime() - start;
      counts.handlerNanos.addAndGet(nanos);
      counts.billedMs.addAndGet(LocalContext.billedMs(nanos));
    }
    Set<String> failed = new HashSet<>();
    if (response != null && response.getBatchItemFailures() != null) {
      Set<String> inBatch = new HashSet<>();
      messages.forEach(m -> inBatch.add(m.messageId()));
      for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
        String id = failure == null ? null : failure.getItemIdentifier();
        if (id == null || id.isEmpty() || !inBatch.contains(id)) {
          // Lambda treats the whole batch as failed when an itemIdentifier is null, empty or not one
          // of the batch's message ids ("Handling errors for an SQS event source in Lambda").
          counts.invalidResponses.incrementAndGet();
          counts.lastError.set("indexer reported itemIdentifier " + (id == null ? "null" : "'" + id + "'")
              + ", which is no message id of its batch: the whole batch fails");
          return true;
        }
        failed.add(id);
      }
    }
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message message : messages) {
      if (failed.contains(message.messageId())) {
        counts.reportedFailures.incrementAndGet();
        continue;
      }
      done.add(DeleteMessageBatchRequestEntry.builder()
          .id(Integer.toString(done.size()))
          .receiptHandle(message.receiptHandle())
          .build());
    }
    if (!done.isEmpty()) {
      sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl.toString()).entries(done));
      counts.deleteBatchCalls.incrementAndGet();
    }
    return true;
  }

  /** Stops polling, waits for the in-flight invocations to finish, and closes closeable handlers. */
  @Override
  public void close() {
    running.set(false);
    for (Thread poller : pollers) {
      try {
        poller.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (RequestHandler<SQSEvent, SQSBatchResponse> handler : handlers) {
      if (handler instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          counts.lastError.set("closing a handler: " + e);
        }
      }
    }
  }

  /** What the event source mapping did, updated while it runs. */
  public static final class EsmCounts {
    public final AtomicLong invocations = new AtomicLong();
    /**
     * ReceiveMessage requests that returned messages. The empty ones are the pollers' idle cost, not a
     * cost per change (and locally each waits only 1 s).
     */
    public final AtomicLong receives = new AtomicLong();
    public final AtomicLong deleteBatchCalls = new AtomicLong();
    /** Time spent in the handler: what Lambda would bill. */
    public final AtomicLong handlerNanos = new AtomicLong();
    /** The same, as Lambda bills it: each invocation rounded up to the millisecond. */
    public final AtomicLong billedMs = new AtomicLong();
    public final AtomicLong redelivered = new AtomicLong();
    public final AtomicLong reportedFailures = new AtomicLong();
    public final AtomicLong handlerErrors = new AtomicLong();
    /** Invocations that ran past the function's (scaled) Timeout: failed, their batch returned. */
    public final AtomicLong timeouts = new AtomicLong();
    /** Responses naming a null, empty or unknown itemIdentifier: their whole batch failed. */
    public final AtomicLong invalidResponses = new AtomicLong();
    public final AtomicReference<String> lastError = new AtomicReference<>("");
  }
}
