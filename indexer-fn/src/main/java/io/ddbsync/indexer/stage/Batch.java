package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ItemChange;
import java.util.List;
import java.util.Optional;

/**
 * One SQS batch on its way through the stages: each message's parsed change and current {@link
 * Outcome}, by position in queue order, and the batch's {@link GroupFailures}. A stage visits the
 * positions in order and replaces outcomes; a position is touched by one thread at a time.
 */
public final class Batch {

  private final List<QueueMessage> messages;
  private final List<Optional<ItemChange>> changes;
  private final Outcome[] outcomes;
  private final boolean[] claimed;
  private final boolean[] unclaimed;
  private final int[] keptReplaced;
  private final GroupFailures groupFailures = new GroupFailures();

  Batch(List<QueueMessage> messages, List<Optional<ItemChange>> changes, List<Outcome> outcomes) {
    this.messages = messages;
    this.changes = changes;
    this.outcomes = outcomes.toArray(new Outcome[0]);
    this.claimed = new boolean[messages.size()];
    this.unclaimed = new boolean[messages.size()];
    this.keptReplaced = new int[messages.size()];
  }

  public int size() {
    return messages.size();
  }

  public QueueMessage message(int position) {
    return messages.get(position);
  }

  /** The change, unless the body was malformed or an {@code invalid} message. */
  public Optional<ItemChange> change(int position) {
    return changes.get(position);
  }

  public Outcome outcome(int position) {
    return outcomes[position];
  }

  /** Replaces the outcome; a failure holds back the later messages of the group. */
  public void set(int position, Outcome outcome) {
    outcomes[position] = outcome;
    if (outcome.failed()) {
      groupFailures.failed(messages.get(position).groupId(), position);
    }
  }

  /**
   * Whether the message at {@code position} still has work ({@code kind}) to do in this stage. One
   * behind a failure of its group is held back here instead, and does not.
   */
  public boolean proceeds(int position, Outcome.Type kind) {
    if (outcomes[position].type() != kind) {
      return false;
    }
    if (groupFailures.holdsBack(messages.get(position).groupId(), position)) {
      set(position, new Outcome.HeldBack(heldBackReason(outcomes[position])));
      return false;
    }
    return true;
  }

  private static String heldBackReason(Outcome outcome) {
    String earlier = "an earlier message of the group failed";
    return outcome instanceof Outcome.Poison poison ? earlier + "; then: " + poison.reason() : earlier;
  }

  /** Whether SQS must deliver the message again: it failed, or an earlier message of its group did. */
  public boolean reportedFailed(int position) {
    return outcomes[position].failed() || groupFailures.holdsBack(messages.get(position).groupId(), position);
  }

  void claimed(int position) {
    claimed[position] = true;
  }

  boolean isClaimed(int position) {
    return claimed[position];
  }

  /** The idempotency store could not answer: the message goes on without a claim. */
  void unclaimed(int position) {
    unclaimed[position] = true;
  }

  int unclaimedCount() {
    int count = 0;
    for (boolean without : unclaimed) {
      count += without ? 1 : 0;
    }
    return count;
  }

  /** The message also tombstones {@code count} kept documents in other indices. */
  void keptReplaced(int position, int count) {
    keptReplaced[position] = count;
  }

  int keptReplaced(int position) {
    return keptReplaced[position];
  }

  /**
   * The key of the message's idempotency record: the body's dedupId, the stream record's eventID,
   * stable across Pipes retries and redrives; for a body without one, the SQS deduplication id.
   */
  public String dedupId(int position) {
    String fromBody = changes.get(position).map(ChangeMessage::dedupId).orElse("");
    if (!fromBody.isEmpty()) {
      return fromBody;
    }
    QueueMessage message = messages.get(position);
    return message.deduplicationId().isEmpty() ? message.messageId() : message.deduplicationId();
  }
}
