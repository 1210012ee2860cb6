package io.ddbsync.cli.local.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;

/**
 * The faults a run injected, counted where they happened.
 *
 * @param spec the {@code --faults} text
 * @param proxy the OpenSearch faults, all zero without the proxy
 * @param duplicatesSent messages sent again under a new deduplication id
 * @param deadLetteredOnPurpose messages the pipe sent straight to the dead-letter queue
 * @param redriven messages moved back from the dead-letter queue once the queue had settled
 * @param leftInDeadLetters messages the redrive left there (poison, and what queues behind it)
 */
public record FaultReport(
    String spec,
    ProxyCounts proxy,
    long duplicatesSent,
    long deadLetteredOnPurpose,
    long redriven,
    long leftInDeadLetters) {

  /** A snapshot of {@link FaultProxy.Counts}. */
  public record ProxyCounts(long bulkRequests, long refused429, long refused503, long timedOut, long items429, long items503) {
    public static final ProxyCounts NONE = new ProxyCounts(0, 0, 0, 0, 0, 0);

    public static ProxyCounts of(FaultProxy.Counts counts) {
      return new ProxyCounts(counts.bulkRequests.get(), counts.refused429.get(), counts.refused503.get(),
          counts.timedOut.get(), counts.items429.get(), counts.items503.get());
    }
  }

  public ObjectNode json() {
    return ChangeMessages.MAPPER.valueToTree(this);
  }
}
