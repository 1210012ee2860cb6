package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claim stage and its settlement: idempotency skips messages already applied and fails those in
 * progress elsewhere; when the store cannot answer, the message goes on without a claim (fail open:
 * external versions keep a repeat harmless). After the write, each claim is marked applied or
 * released. Groups run in parallel, each group's messages in batch order.
 */
public final class Claims {

  private final IdempotencyGuard idempotency;
  private final ParallelCalls calls;
  private final Clock clock;
  private final MessageLog log;

  public Claims(IdempotencyGuard idempotency, ParallelCalls calls, Clock clock, MessageLog log) {
    this.idempotency = idempotency;
    this.calls = calls;
    this.clock = clock;
    this.log = log;
  }

  public void claim(Batch batch, Instant deadline) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      groups.computeIfAbsent(batch.message(i).groupId(), group -> new ArrayList<>()).add(i);
    }
    calls.each(List.copyOf(groups.values()), group -> claimInOrder(batch, group, deadline));
    int unclaimed = batch.unclaimedCount();
    if (unclaimed > 0) {
      log.log().warn("idempotency store unavailable: indexing without claims", Map.of("messages", unclaimed));
    }
  }

  /** A failed claim holds back the group's later messages: they are neither claimed nor written. */
  private void claimInOrder(Batch batch, List<Integer> group, Instant deadline) {
    for (int i : group) {
      if (batch.proceeds(i, Outcome.Type.PENDING)) {
        Duration remaining = Duration.between(clock.instant(), deadline);
        switch (idempotency.claim(batch.dedupId(i), remaining)) {
          case CLAIMED -> batch.claimed(i);
          case ALREADY_APPLIED -> batch.set(i, new Outcome.Duplicate());
          case IN_PROGRESS -> batch.set(i, new Outcome.Retry("being applied by another invocation"));
          case UNAVAILABLE -> batch.unclaimed(i);
        }
      }
    }
  }

  public void settle(Batch batch) {
    List<Integer> claimed = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.isClaimed(i)) {
        claimed.add(i);
      }
    }
    calls.each(claimed, i -> settle(batch, i));
  }

  private void settle(Batch batch, int position) {
    try {
      switch (batch.outcome(position).type()) {
        case APPLIED, GONE -> idempotency.applied(batch.dedupId(position));
        case PENDING, READY, POISON, DUPLICATE, DEAD_LETTERED, RETRY, HELD_BACK ->
            idempotency.release(batch.dedupId(position));
      }
    } catch (RuntimeException e) {
      // A record left in progress expires with this invocation's remaining time; the redelivery
      // then claims it again, and a write repeated with the same version is refused with 409.
      Map<String, Object> fields = log.fields(batch, position);
      fields.put("error", e.toString());
      log.log().warn("idempotency record not updated", fields);
    }
  }
}
