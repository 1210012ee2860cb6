package io.ddbsync.cli.command.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseTest {

  private static final long MS = 1_000_000;

  /** 200 records past the filter, 40 enrichment calls of 0.5 ms, 20 indexer calls of 3 ms, 210 messages. */
  private static final EndToEndBench.Calls CALLS =
      new EndToEndBench.Calls(200, 40, 20 * MS, 40, 20, 60 * MS, 61, 210, 40, 20, 19);

  @Test
  void quantilesAreNearestRankOverTheSortedLatencies() {
    long[] latencies = new long[100];
    for (int i = 0; i < 100; i++) {
      latencies[i] = (i + 1) * MS;
    }
    EndToEndBench.Phase phase = new EndToEndBench.Phase(100, 100, CALLS, 2_000 * MS, latencies);

    assertThat(phase.latencyMs(0.5)).isEqualTo(50);
    assertThat(phase.latencyMs(0.99)).isEqualTo(99);
    assertThat(phase.latencyMs(1)).isEqualTo(100);
    assertThat(phase.changesPerSec()).isEqualTo(50);
  }

  @Test
  void callsPerChangeDivideThePhasesCountsByItsChanges() {
    EndToEndBench.Phase phase = new EndToEndBench.Phase(100, 210, CALLS, 2_000 * MS, new long[0]);

    CostModel.PerChange perChange = phase.perChange();

    assertThat(perChange.pipeEvents()).isEqualTo(2);
    assertThat(perChange.enrichmentCalls()).isEqualTo(0.4);
    assertThat(perChange.enrichmentBilledMs()).isEqualTo(0.4);
    assertThat(perChange.indexerCalls()).isEqualTo(0.2);
    assertThat(perChange.indexerBilledMs()).isEqualTo(0.61);
    assertThat(perChange.sqsRequests()).isEqualTo(0.79);
    assertThat(perChange.messages()).isEqualTo(2.1);
    assertThat(CALLS.enrichmentMeanMs()).isEqualTo(0.5);
    assertThat(CALLS.indexerMeanMs()).isEqualTo(3);
  }
}
