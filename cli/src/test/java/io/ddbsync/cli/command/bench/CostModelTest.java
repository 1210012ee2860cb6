package io.ddbsync.cli.command.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.ddbsync.cli.command.bench.CostModel.Breakdown;
import io.ddbsync.cli.command.bench.CostModel.PerChange;
import io.ddbsync.cli.command.bench.CostModel.Prices;
import org.junit.jupiter.api.Test;

/** The cost arithmetic, against the table BENCHMARKS.md worked out by hand ("Cost per million changes"). */
class CostModelTest {

  /** The table's inputs: 4.98 records per enrichment call of 1 billed ms, 9.95 messages per indexer call. */
  private static PerChange documented(double indexerMs) {
    double enrichmentCalls = 1 / 4.98;
    double indexerCalls = 1 / 9.95;
    return new PerChange(1, enrichmentCalls, enrichmentCalls * 1, indexerCalls, indexerCalls * indexerMs,
        enrichmentCalls + 2 * indexerCalls, 1);
  }

  @Test
  void reproducesTheDocumentedTableWithIdempotency() {
    Breakdown cost = new CostModel(Prices.US_EAST_1, 1024, 1024, true).perMillion(documented(114));

    assertThat(cost.pipes()).isCloseTo(0.400, offset(0.0005));
    assertThat(cost.enrichment()).isCloseTo(0.043, offset(0.0005));
    assertThat(cost.indexer()).isCloseTo(0.173, offset(0.0005));
    assertThat(cost.sqs()).isCloseTo(0.201, offset(0.0005));
    assertThat(cost.idempotencyTable()).isCloseTo(1.250, offset(0.0005));
    assertThat(cost.logs()).isCloseTo(0.091, offset(0.0005));
    assertThat(cost.total()).isCloseTo(2.16, offset(0.005));
  }

  @Test
  void withoutIdempotencyTheTableCostsNothing() {
    Breakdown cost = new CostModel(Prices.US_EAST_1, 1024, 1024, false).perMillion(documented(14.6));

    assertThat(cost.idempotencyTable()).isZero();
    assertThat(cost.indexer()).isCloseTo(0.040, offset(0.0005));
    // The table's total adds lines it rounded (logs 0.092 there, 0.091 here).
    assertThat(cost.total()).isCloseTo(0.78, offset(0.01));
  }

  @Test
  void oneEnrichmentCallPerChangeCostsFiveTimesTheCallsOfFullBatches() {
    CostModel model = new CostModel(Prices.US_EAST_1, 1024, 1024, false);
    PerChange full = documented(14.6);
    PerChange single = new PerChange(1, 1, 1, full.indexerCalls(), full.indexerBilledMs(), 1 + 2 * full.indexerCalls(), 1);

    Breakdown fullCost = model.perMillion(full);
    Breakdown singleCost = model.perMillion(single);

    assertThat(singleCost.enrichment() / fullCost.enrichment()).isCloseTo(4.98, offset(0.01));
    assertThat(singleCost.sqs() - fullCost.sqs()).isCloseTo((1 - 1 / 4.98) * 0.50, offset(1e-9));
  }

  @Test
  void memorySizeScalesOnlyTheDuration() {
    PerChange calls = new PerChange(0, 1, 10, 0, 0, 0, 0);

    double at1024 = new CostModel(Prices.US_EAST_1, 1024, 1024, false).perMillion(calls).enrichment();
    double at2048 = new CostModel(Prices.US_EAST_1, 2048, 1024, false).perMillion(calls).enrichment();

    double requests = 0.20;
    assertThat(at2048 - requests).isCloseTo(2 * (at1024 - requests), offset(1e-9));
    assertThat(at1024 - requests).isCloseTo(1e6 * 0.010 * 0.0000133334, offset(1e-9));
  }
}
