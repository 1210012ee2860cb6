package io.ddbsync.indexer.stage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The FIFO rule, for one batch: a message behind a failed message of its group is held back.
 *
 * <p>SQS FIFO delivers a message group in order and Lambda takes one batch per group at a time, but a
 * batch can mix groups. When a message fails, it and every LATER message of its group must be neither
 * applied ahead of it nor acknowledged, or SQS would consider the later ones done and redeliver only
 * the failed one, out of order. Earlier messages of the group and other groups are not affected.
 * (Powertools for Java's SQS batch handler instead fails everything after the first failure of a FIFO
 * batch, holding back unrelated groups; see the Powertools for AWS Lambda (Java) documentation, "Batch
 * Processing", SQS FIFO.)
 *
 * <p>Every stage consults this one object. The claim stage records failures from one thread per
 * group, hence the concurrent map.
 */
public final class GroupFailures {

  private final Map<String, Integer> firstFailure = new ConcurrentHashMap<>();

  /** The message at {@code position} of the batch, in {@code group}, failed. */
  public void failed(String group, int position) {
    firstFailure.merge(group, position, Math::min);
  }

  /** Whether an earlier message of {@code group} than {@code position} failed. */
  public boolean holdsBack(String group, int position) {
    Integer first = firstFailure.get(group);
    return first != null && first < position;
  }
}
