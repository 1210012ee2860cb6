package io.ddbsync.cli.command.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.command.reindex.ReindexStep.BlockLegacyWrites;
import io.ddbsync.cli.command.reindex.ReindexStep.CloneLegacy;
import io.ddbsync.cli.command.reindex.ReindexStep.Copy;
import io.ddbsync.cli.command.reindex.ReindexStep.CreateGeneration;
import io.ddbsync.cli.command.reindex.ReindexStep.DeleteGenerations;
import io.ddbsync.cli.command.reindex.ReindexStep.Fill;
import io.ddbsync.cli.command.reindex.ReindexStep.MoveLiveAlias;
import io.ddbsync.cli.command.reindex.ReindexStep.MoveWriteAlias;
import io.ddbsync.cli.command.reindex.ReindexStep.Seal;
import io.ddbsync.cli.command.reindex.ReindexStep.ReplaceLegacy;
import io.ddbsync.cli.command.reindex.ReindexStep.Verify;
import io.ddbsync.cli.command.reindex.ReindexStep.VerifyTable;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.indexsetup.IndexState;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each state a reindex can stop in, and the steps a new run takes from there. */
class ReindexPlanTest {

  private static final Optional<String> FROM_INDEX = Optional.empty();
  private static final Optional<String> FROM_TABLE = Optional.of("orders-table");

  @Test
  void settledIndexGetsTheNextGenerationCopiedVerifiedAndSwapped() {
    assertThat(ReindexPlan.plan(state(false, List.of(1), 1, 1), false, FROM_INDEX)).containsExactly(
        new CreateGeneration(2), new MoveWriteAlias(1, 2), new Seal(1), new Copy(1, 2), new Verify(1, 2), new MoveLiveAlias(1, 2));
  }

  @Test
  void crashAfterCreatingTheGenerationMovesTheWriteAliasNext() {
    assertThat(ReindexPlan.plan(state(false, List.of(1, 2), 1, 1), false, FROM_INDEX)).containsExactly(
        new MoveWriteAlias(1, 2), new Seal(1), new Copy(1, 2), new Verify(1, 2), new MoveLiveAlias(1, 2));
  }

  @Test
  void crashDuringTheCopyCopiesAgainThenVerifiesAndSwaps() {
    assertThat(ReindexPlan.plan(state(false, List.of(1, 2), 2, 1), false, FROM_INDEX)).containsExactly(
        new Seal(1), new Copy(1, 2), new Verify(1, 2), new MoveLiveAlias(1, 2));
  }

  @Test
  void deleteOldFinishesAReindexInProgressThenDeletesTheOlderGenerations() {
    assertThat(ReindexPlan.plan(state(false, List.of(1, 2, 3), 3, 2), true, FROM_INDEX)).containsExactly(
        new Seal(2), new Copy(2, 3), new Verify(2, 3), new MoveLiveAlias(2, 3), new DeleteGenerations(List.of(1, 2)));
  }

  @Test
  void deleteOldOnASettledIndexOnlyDeletes() {
    assertThat(ReindexPlan.plan(state(false, List.of(1, 2), 2, 2), true, FROM_INDEX)).containsExactly(new DeleteGenerations(List.of(1)));
    assertThat(ReindexPlan.plan(state(false, List.of(2), 2, 2), true, FROM_INDEX)).isEmpty();
  }

  @Test
  void firstLayoutIsMigratedToGenerationOneThenReindexed() {
    assertThat(ReindexPlan.plan(state(true, List.of(), 0, 0), false, FROM_INDEX)).containsExactly(
        new BlockLegacyWrites(), new CloneLegacy(1), new ReplaceLegacy(1),
        new CreateGeneration(2), new MoveWriteAlias(1, 2), new Seal(1), new Copy(1, 2), new Verify(1, 2), new MoveLiveAlias(1, 2));
    assertThat(ReindexPlan.plan(state(true, List.of(1), 0, 0), true, FROM_INDEX)).as("crash after the clone")
        .containsExactly(new BlockLegacyWrites(), new CloneLegacy(1), new ReplaceLegacy(1));
  }

  @Test
  void statesNoRunLeavesAreRefusedNamingTheAliases() {
    assertThatThrownBy(() -> ReindexPlan.plan(state(false, List.of(1, 2), 1, 2), false, FROM_INDEX))
        .isInstanceOf(UserError.class).hasMessageContaining("write alias on orders-000001, orders-live on orders-000002");
    assertThatThrownBy(() -> ReindexPlan.plan(state(false, List.of(1, 2, 3), 2, 1), false, FROM_INDEX))
        .isInstanceOf(UserError.class).hasMessageContaining("not a state reindex leaves");
    assertThatThrownBy(() -> ReindexPlan.plan(state(false, List.of(), 0, 0), false, FROM_INDEX))
        .isInstanceOf(UserError.class).hasMessageStartingWith("orders does not exist");
  }

  @Test
  void fromTableFillsTheNewGenerationFromTheTableAndVerifiesItAgainstTheTable() {
    assertThat(ReindexPlan.plan(state(false, List.of(1), 1, 1), false, FROM_TABLE)).containsExactly(
        new CreateGeneration(2), new MoveWriteAlias(1, 2), new Seal(1), new Fill("orders-table", 2),
        new VerifyTable("orders-table", 2), new MoveLiveAlias(1, 2));
  }

  @Test
  void fromTableAfterACrashMidFillFillsAgainThenVerifiesAndSwaps() {
    assertThat(ReindexPlan.plan(state(false, List.of(1, 2), 2, 1), false, FROM_TABLE)).containsExactly(
        new Seal(1), new Fill("orders-table", 2), new VerifyTable("orders-table", 2), new MoveLiveAlias(1, 2));
    assertThat(ReindexPlan.plan(state(false, List.of(1, 2), 2, 2), true, FROM_TABLE)).as("nothing left to fill")
        .containsExactly(new DeleteGenerations(List.of(1)));
  }

  @Test
  void fromTableMigratesAFirstLayoutIndexByCloningItThenFillsTheNextGeneration() {
    assertThat(ReindexPlan.plan(state(true, List.of(), 0, 0), false, FROM_TABLE)).containsExactly(
        new BlockLegacyWrites(), new CloneLegacy(1), new ReplaceLegacy(1), new CreateGeneration(2), new MoveWriteAlias(1, 2),
        new Seal(1), new Fill("orders-table", 2), new VerifyTable("orders-table", 2), new MoveLiveAlias(1, 2));
  }

  @Test
  void everyStepDescribesItselfWithTheGenerationNames() {
    assertThat(new Fill("orders-table", 2).describe("orders")).contains("fill orders-000002 from table orders-table", "backfill version");
    assertThat(new VerifyTable("orders-table", 2).describe("orders")).contains("verify orders-000002 against table orders-table");
    assertThat(new Copy(1, 2).describe("orders")).contains("orders-000001 into orders-000002", "version_type external");
    assertThat(new Seal(1).describe("orders")).contains("block writes to orders-000001", "_block/write");
    assertThat(new MoveLiveAlias(1, 2).describe("orders")).contains("orders-live at orders-000002");
  }

  /** Generations {@code numbers}; aliases on {@code write} and {@code live} (0 = none). */
  private static IndexState state(boolean legacy, List<Integer> numbers, int write, int live) {
    TreeMap<Integer, String> generations = new TreeMap<>();
    numbers.forEach(n -> generations.put(n, IndexLayout.generation("orders", n)));
    return new IndexState("orders", legacy, generations,
        Optional.of(write).filter(n -> n > 0), Optional.of(live).filter(n -> n > 0));
  }
}
