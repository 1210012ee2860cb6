package io.ddbsync.cli.command.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseTest {

  private static final long MS = 1_000_000;

  @Test
  void quantilesAreNearestRankOverTheSortedLatencies() {
    long[] latencies = new long[100];
    for (int i = 0; i < 100; i++) {
      latencies[i] = (i + 1) * MS;
    }
    EndToEndBench.Phase phase = new EndToEndBench.Phase(100, 100, 20, 0.5, 10, 3, 2_000 * MS, latencies);

    assertThat(phase.latencyMs(0.5)).isEqualTo(50);
    assertThat(phase.latencyMs(0.99)).isEqualTo(99);
    assertThat(phase.latencyMs(1)).isEqualTo(100);
    assertThat(phase.changesPerSec()).isEqualTo(50);
  }
}
