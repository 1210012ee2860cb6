package io.ddbsync.indexer.failure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which messages of a FIFO batch to report as failed.
 *
 * <p>SQS FIFO delivers a message group in order and Lambda takes one batch per group at a time, but
 * a batch can mix groups. When a message fails, it and every LATER message of its group must be
 * reported failed, or SQS would consider the later ones done and redeliver only the failed one, out
 * of order. Other groups are not affected. (Powertools for Java's SQS batch handler instead fails
 * everything after the first failure of a FIFO batch, holding back unrelated groups; see the
 * Powertools for AWS Lambda (Java) documentation, "Batch Processing", SQS FIFO.)
 */
public final class FifoFailurePolicy {

  /** What happened to one message: {@code failed} means it must be delivered again. */
  public record Outcome(String messageId, String groupId, boolean failed) {}

  private FifoFailurePolicy() {}

  /** The ids to report as batch item failures, in batch order. */
  public static List<String> reportedFailures(List<Outcome> batchInOrder) {
    Set<String> failedGroups = new HashSet<>();
    List<String> reported = new ArrayList<>();
    for (Outcome outcome : batchInOrder) {
      if (outcome.failed() || failedGroups.contains(outcome.groupId())) {
        failedGroups.add(outcome.groupId());
        reported.add(outcome.messageId());
      }
    }
    return reported;
  }
}
