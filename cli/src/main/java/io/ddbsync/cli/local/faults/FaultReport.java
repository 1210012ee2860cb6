package io.ddbsync.cli.local.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;

/**
 * The faults a run injected, counted where they happened.
 *
 * @param spec the {@code --faults} text
 * @param proxy the OpenSearch faults, all zero without the proxy
 * @param environment the faults inside the indexer's invocations ({@code kill}, {@code idem})
 * @param duplicatesSent messages sent again under a new deduplication id
 * @param deadLetteredOnPurpose messages the pipe sent straight to the dead-letter queue
 * @param redriven messages moved back from the dead-letter queue once the queue had settled
 * @param leftInDeadLetters messages the redrive left there (poison, and what queues behind it)
 */
public record FaultReport(
    String spec,
    ProxyCounts proxy,
    EnvironmentCounts environment,
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

  /**
   * A snapshot of {@link KillingIndexer.Counts}.
   *
   * @param killedRecovered messages of a killed batch applied or skipped later
   * @param killedLongestWaitMs the longest of their waits, from the kill to the acknowledgment
   * @param killedNeverAcknowledged messages of a killed batch never acknowledged (dead-lettered)
   */
  public record EnvironmentCounts(long kills, long idempotencyOutages, long killedRecovered, long killedLongestWaitMs,
      long killedNeverAcknowledged) {
    public static EnvironmentCounts of(KillingIndexer.Counts counts) {
      return new EnvironmentCounts(counts.kills.get(), counts.idempotencyOutages.get(), counts.recovered.get(),
          counts.longestWaitMillis.get(), counts.neverAcknowledged());
    }
  }

  public ObjectNode json() {
    return ChangeMessages.MAPPER.valueToTree(this);
  }
}
