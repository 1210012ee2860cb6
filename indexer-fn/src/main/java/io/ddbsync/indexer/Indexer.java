package io.ddbsync.indexer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.indexer.deadletter.DeadLetter;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.indexer.deadletter.DeadLetterQueue;
import io.ddbsync.indexer.failure.FifoFailurePolicy;
import io.ddbsync.indexer.fetch.FetchResult;
import io.ddbsync.indexer.fetch.ItemReader;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.indexer.observe.BatchMetrics;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Delete;
import io.ddbsync.message.Fetch;
import io.ddbsync.message.Invalid;
import io.ddbsync.message.ItemChange;
import io.ddbsync.message.MalformedMessageException;
import io.ddbsync.message.Upsert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies one SQS FIFO batch to OpenSearch. Stages, each in batch order:
 *
 * <ol>
 *   <li>parse: bodies that are not change messages, and {@code invalid} messages, are poison;
 *   <li>claim: idempotency skips messages already applied, and fails those in progress elsewhere
 *       (groups in parallel, each group's messages in order); when the store cannot answer, the
 *       message goes on without a claim (fail open: external versions keep a repeat harmless);
 *   <li>fetch: fetch messages read the current item (consistent read) or become tombstones;
 *   <li>hold back: a message after a failed one of its group is not written at all;
 *   <li>write: one {@code _bulk} with external versions, retrying retryable items;
 *   <li>dead-letter: poison goes to the dead-letter queue and is acknowledged;
 *   <li>report: a failed message and every later message of its group are reported failed.
 * </ol>
 *
 * <p>Messages of one group can share the {@code _bulk}; if an earlier one fails there while a later
 * one succeeds, both are reported failed and the later one's redelivery gets 409 (already applied):
 * external versions make the order of application within a request irrelevant to the final state.
 */
public final class Indexer {

  /** The ids to report as batch item failures, and what happened. */
  public record Result(List<String> failedMessageIds, BatchMetrics metrics) {}

  private enum State {
    PENDING,
    APPLIED,
    DUPLICATE,
    RETRY,
    POISON,
    DEAD_LETTERED,
    HELD_BACK
  }

  /** One message's progress through the stages. */
  private static final class Slot {
    final QueueMessage message;
    final Optional<ItemChange> change;
    State state = State.PENDING;
    boolean claimed;
    boolean unclaimed;
    boolean conflict;
    Optional<BulkItem> item = Optional.empty();
    DeadLetterKind kind;
    String reason = "";

    Slot(QueueMessage message, Optional<ItemChange> change) {
      this.message = message;
      this.change = change;
    }

    void fail(State state, String reason) {
      this.state = state;
      this.reason = reason;
    }

    void poison(DeadLetterKind kind, String reason) {
      this.state = State.POISON;
      this.kind = kind;
      this.reason = reason;
    }

    boolean failed() {
      return state == State.RETRY || state == State.HELD_BACK;
    }
  }

  /*
   * Idempotency calls are DynamoDB round trips: those of different groups run in parallel. A FIFO
   * batch holds at most 10 messages (Lambda's SQS FIFO BatchSize limit), so at most 10 groups. One
   * pool per container; daemon threads, so it never keeps a JVM (CLI, tests) alive.
   */
  private static final ExecutorService IDEMPOTENCY_CALLS =
      Executors.newFixedThreadPool(
          10,
          new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
              Thread thread = new Thread(task, "indexer-idempotency-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  private final RetryingBulkWriter writer;
  private final Optional<ItemReader> itemReader;
  private final IdempotencyGuard idempotency;
  private final Optional<DeadLetterQueue> deadLetters;
  private final Clock clock;
  private final JsonLog log;
  private final ItemKeyHash itemKeys;

  /**
   * @param itemReader empty when TABLE_NAME is not set (fetch messages are then dead-lettered)
   * @param deadLetters empty when DEAD_LETTER_QUEUE_URL is not set (poison is then reported failed)
   */
  public Indexer(
      RetryingBulkWriter writer,
      Optional<ItemReader> itemReader,
      IdempotencyGuard idempotency,
      Optional<DeadLetterQueue> deadLetters,
      Clock clock,
      JsonLog log,
      ItemKeyHash itemKeys) {
    this.writer = writer;
    this.itemReader = itemReader;
    this.idempotency = idempotency;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.log = log;
    this.itemKeys = itemKeys;
  }

  /** Processes {@code batch} (in queue order), giving up retries at {@code deadline}. */
  public Result index(List<QueueMessage> batch, Instant deadline) {
    List<Slot> slots = batch.stream().map(Indexer::parse).toList();
    claim(slots, deadline);
    int unclaimed = (int) slots.stream().filter(slot -> slot.unclaimed).count();
    if (unclaimed > 0) {
      log.warn("idempotency store unavailable: indexing without claims", Map.of("messages", unclaimed));
    }
    fetch(slots);
    holdBack(slots);
    int retried = write(slots, deadline);
    settleClaims(slots);
    deadLetter(slots);
    List<String> failed =
        FifoFailurePolicy.reportedFailures(
            slots.stream()
                .map(s -> new FifoFailurePolicy.Outcome(s.message.messageId(), s.message.groupId(), s.failed()))
                .toList());
    Set<String> reported = new HashSet<>(failed);
    slots.forEach(slot -> logOutcome(slot, reported.contains(slot.message.messageId())));
    return new Result(failed, metrics(slots, retried, failed.size(), unclaimed));
  }

  private static Slot parse(QueueMessage message) {
    ChangeMessage change;
    try {
      change = ChangeMessages.read(message.body());
    } catch (MalformedMessageException e) {
      Slot slot = new Slot(message, Optional.empty());
      slot.poison(DeadLetterKind.MALFORMED, e.getMessage());
      return slot;
    }
    return switch (change.kind()) {
      case UPSERT, DELETE, FETCH -> new Slot(message, Optional.of((ItemChange) change));
      case INVALID -> {
        Slot slot = new Slot(message, Optional.empty());
        slot.poison(DeadLetterKind.INVALID, ((Invalid) change).reason());
        yield slot;
      }
    };
  }

  private void claim(List<Slot> slots, Instant deadline) {
    Map<String, List<Slot>> groups =
        slots.stream()
            .collect(Collectors.groupingBy(slot -> slot.message.groupId(), LinkedHashMap::new, Collectors.toList()));
    inParallel(List.copyOf(groups.values()), group -> claimInOrder(group, deadline));
  }

  /** After a failed claim, the group's later messages are held back: neither claimed nor written. */
  private void claimInOrder(List<Slot> group, Instant deadline) {
    boolean groupFailed = false;
    for (Slot slot : group) {
      if (slot.state == State.PENDING) {
        if (groupFailed) {
          slot.fail(State.HELD_BACK, "an earlier message of the group failed");
        } else {
          Duration remaining = Duration.between(clock.instant(), deadline);
          switch (idempotency.claim(dedupId(slot), remaining)) {
            case CLAIMED -> slot.claimed = true;
            case ALREADY_APPLIED -> slot.state = State.DUPLICATE;
            case IN_PROGRESS -> slot.fail(State.RETRY, "being applied by another invocation");
            case UNAVAILABLE -> slot.unclaimed = true;
          }
        }
      }
      groupFailed |= slot.failed();
    }
  }

  private void fetch(List<Slot> slots) {
    Map<String, Fetch> fetches = new LinkedHashMap<>();
    for (Slot slot : slots) {
      if (slot.state == State.PENDING && slot.change.orElseThrow() instanceof Fetch fetch) {
        if (itemReader.isEmpty()) {
          slot.poison(DeadLetterKind.NO_TABLE, "a fetch message, but TABLE_NAME is not set");
        } else {
          fetches.put(slot.message.messageId(), fetch);
        }
      }
    }
    if (fetches.isEmpty()) {
      return;
    }
    Map<String, FetchResult> results = itemReader.orElseThrow().read(fetches);
    for (Slot slot : slots) {
      Fetch fetch = fetches.get(slot.message.messageId());
      if (fetch == null) {
        continue;
      }
      FetchResult result = results.get(slot.message.messageId());
      if (result instanceof FetchResult.Found found) {
        slot.item = Optional.of(item(slot, fetch, found.document(), false));
      } else if (result instanceof FetchResult.Missing) {
        slot.item = Optional.of(item(slot, fetch, Tombstone.document(fetch.streamTime(), false), true));
      } else if (result instanceof FetchResult.Unavailable unavailable) {
        slot.fail(State.RETRY, unavailable.reason());
      } else if (result instanceof FetchResult.Unconvertible unconvertible) {
        slot.poison(DeadLetterKind.INVALID_ITEM, unconvertible.reason());
      } else {
        slot.fail(State.RETRY, "no fetch result");
      }
    }
  }

  /** A message after a failed one of its group must not be applied ahead of it. */
  private static void holdBack(List<Slot> slots) {
    Set<String> failedGroups = new HashSet<>();
    for (Slot slot : slots) {
      if (slot.state == State.PENDING && failedGroups.contains(slot.message.groupId())) {
        slot.fail(State.HELD_BACK, "an earlier message of the group failed");
      }
      if (slot.failed()) {
        failedGroups.add(slot.message.groupId());
      }
    }
  }

  private int write(List<Slot> slots, Instant deadline) {
    List<BulkItem> items = new ArrayList<>();
    for (Slot slot : slots) {
      if (slot.state == State.PENDING) {
        ItemChange change = slot.change.orElseThrow();
        switch (change.kind()) {
          case UPSERT -> {
            Upsert upsert = (Upsert) change;
            slot.item = Optional.of(item(slot, upsert, upsert.document(), false));
          }
          case DELETE -> {
            Delete delete = (Delete) change;
            slot.item = Optional.of(item(slot, delete, Tombstone.document(delete.streamTime(), delete.ttl()), true));
          }
          case FETCH -> {} // its item (document or tombstone) was made in the fetch stage
          case INVALID -> throw new IllegalStateException("an invalid message is never pending");
        }
        items.add(slot.item.orElseThrow());
      }
    }
    if (items.isEmpty()) {
      return 0;
    }
    RetryingBulkWriter.Report report = writer.write(items, deadline);
    for (Slot slot : slots) {
      if (slot.state == State.PENDING) {
        ItemResult result = report.results().get(slot.message.messageId());
        if (result instanceof ItemResult.Applied applied) {
          slot.state = State.APPLIED;
          slot.conflict = applied.conflict();
        } else if (result instanceof ItemResult.Permanent permanent) {
          slot.poison(permanent.kind(), permanent.reason());
        } else {
          slot.fail(State.RETRY, result instanceof ItemResult.Retryable r ? r.reason() : "no bulk result");
        }
      }
    }
    return report.retried();
  }

  private void settleClaims(List<Slot> slots) {
    inParallel(slots.stream().filter(slot -> slot.claimed).toList(), this::settleClaim);
  }

  private void settleClaim(Slot slot) {
    try {
      if (slot.state == State.APPLIED) {
        idempotency.applied(dedupId(slot));
      } else {
        idempotency.release(dedupId(slot));
      }
    } catch (RuntimeException e) {
      // A record left in progress expires with this invocation's remaining time; the redelivery
      // then claims it again, and a write repeated with the same version is refused with 409.
      log.warn("idempotency record not updated", fields(slot, Map.of("error", e.toString())));
    }
  }

  /**
   * Runs {@code action} on each element on the idempotency pool and waits for all of them. Each
   * element is touched by one task only; the join publishes the tasks' writes to this thread. With
   * idempotency off, or a single element, there is no round trip to overlap: the thread hand-offs
   * would only add time, so the elements run here.
   */
  private <T> void inParallel(List<T> elements, Consumer<T> action) {
    if (idempotency == IdempotencyGuard.OFF || elements.size() < 2) {
      elements.forEach(action);
      return;
    }
    CompletableFuture<?>[] tasks =
        elements.stream()
            .map(element -> CompletableFuture.runAsync(() -> action.accept(element), IDEMPOTENCY_CALLS))
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(tasks).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void deadLetter(List<Slot> slots) {
    Set<String> failedGroups = new HashSet<>();
    for (Slot slot : slots) {
      if (slot.state == State.POISON) {
        if (failedGroups.contains(slot.message.groupId())) {
          // Reported failed anyway (after a failure in its group): dead-letter it on redelivery.
          slot.fail(State.HELD_BACK, slot.reason);
        } else if (deadLetters.isEmpty()) {
          slot.fail(State.RETRY, "DEAD_LETTER_QUEUE_URL is not set: " + slot.reason);
        } else {
          try {
            deadLetters.orElseThrow().send(new DeadLetter(slot.message, slot.kind, slot.reason));
            slot.state = State.DEAD_LETTERED;
          } catch (RuntimeException e) {
            slot.fail(State.RETRY, "dead-letter queue send failed (" + e.getMessage() + "): " + slot.reason);
          }
        }
      }
      if (slot.failed()) {
        failedGroups.add(slot.message.groupId());
      }
    }
  }

  private static BulkItem item(Slot slot, ItemChange change, ObjectNode document, boolean tombstone) {
    return new BulkItem(slot.message.messageId(), change.index(), change.id(), change.version(), document, tombstone);
  }

  /** The body's dedupId is the stream record's eventID: stable across Pipes retries and redrives. */
  private static String dedupId(Slot slot) {
    String fromBody = slot.change.map(ChangeMessage::dedupId).orElse("");
    if (!fromBody.isEmpty()) {
      return fromBody;
    }
    return slot.message.deduplicationId().isEmpty() ? slot.message.messageId() : slot.message.deduplicationId();
  }

  private BatchMetrics metrics(List<Slot> slots, int retried, int failed, int unclaimed) {
    int indexed = 0;
    int deleted = 0;
    int conflicts = 0;
    int duplicates = 0;
    int deadLettered = 0;
    double lagMax = 0;
    double lagSum = 0;
    int lagCount = 0;
    long now = clock.instant().getEpochSecond();
    for (Slot slot : slots) {
      switch (slot.state) {
        case APPLIED -> {
          if (slot.conflict) {
            conflicts++;
          } else if (slot.item.orElseThrow().tombstone()) {
            deleted++;
          } else {
            indexed++;
          }
          double lag = Math.max(0, now - slot.change.orElseThrow().streamTime());
          lagMax = Math.max(lagMax, lag);
          lagSum += lag;
          lagCount++;
        }
        case DUPLICATE -> duplicates++;
        case DEAD_LETTERED -> deadLettered++;
        case PENDING, RETRY, POISON, HELD_BACK -> {}
      }
    }
    return new BatchMetrics(
        slots.size(), indexed, deleted, conflicts, duplicates, retried, deadLettered, failed, unclaimed,
        lagMax, lagCount == 0 ? 0 : lagSum / lagCount);
  }

  private void logOutcome(Slot slot, boolean reportedFailed) {
    boolean notApplied = reportedFailed || slot.state == State.DEAD_LETTERED;
    if (!log.enabled(notApplied ? JsonLog.Level.WARN : JsonLog.Level.DEBUG)) {
      return;
    }
    String outcome = reportedFailed ? "failed" : slot.state.name().toLowerCase(Locale.ROOT);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("outcome", outcome);
    if (slot.conflict) {
      extra.put("conflict", true);
    }
    if (!slot.reason.isEmpty()) {
      extra.put("reason", slot.reason);
    }
    if (slot.kind != null) {
      extra.put("kind", slot.kind.attributeValue());
    }
    extra.put("receiveCount", slot.message.receiveCount());
    if (notApplied) {
      log.warn("message not applied", fields(slot, extra));
    } else {
      log.log(JsonLog.Level.DEBUG, "message done", fields(slot, extra));
    }
  }

  private Map<String, Object> fields(Slot slot, Map<String, ?> extra) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("messageId", slot.message.messageId());
    fields.put("itemKey", itemKeys.of(slot.message.groupId()));
    fields.put("dedupId", dedupId(slot));
    slot.change.ifPresent(
        change -> {
          fields.put("eventId", change.eventId());
          fields.put("index", change.index());
          fields.put("version", change.version());
        });
    fields.putAll(extra);
    return fields;
  }
}
