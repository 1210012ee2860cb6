package io.ddbsync.cli.command.reindex;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.indexsetup.IndexState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps left for one index, derived from the cluster's state alone (which generations exist,
 * where the aliases point), so that a run after a crash at any step resumes where the last one
 * stopped:
 *
 * <ul>
 *   <li>first layout (a physical index {@code <index>}): migrate it to generation 1, then go on;
 *   <li>write and live alias on the newest generation: nothing in progress; start the next generation
 *       (or, with {@code --delete-old}, only delete the older ones);
 *   <li>a newer generation without aliases: created, write alias not moved yet;
 *   <li>write alias ahead of the live alias: copying (or, with {@code --from-table}, filling from
 *       the table), verifying or swapping.
 * </ul>
 */
public final class ReindexPlan {

  private ReindexPlan() {}

  /** @param fromTable the table to fill the new generation from, instead of copying the old one */
  public static List<ReindexStep> plan(IndexState state, boolean deleteOld, Optional<String> fromTable) {
    String index = state.index();
    if (state.empty()) {
      throw new UserError(index + " does not exist: set it up with ddbsync bootstrap --index " + index + " (or deploy the stack)");
    }
    List<ReindexStep> steps = new ArrayList<>();
    int write;
    int live;
    int newest;
    if (state.legacy()) {
      if (state.generations().keySet().stream().anyMatch(n -> n != 1)) {
        throw new UserError(index + " is a physical index, but generations " + state.generations().values()
            + " exist too; remove what is not yours before migrating");
      }
      steps.add(new ReindexStep.BlockLegacyWrites());
      steps.add(new ReindexStep.CloneLegacy(1));
      steps.add(new ReindexStep.ReplaceLegacy(1));
      write = live = newest = 1;
    } else {
      newest = state.newestGeneration().orElseThrow();
      write = state.writeGeneration().orElseThrow(() -> inconsistent(state));
      live = state.liveGeneration().orElseThrow(() -> inconsistent(state));
    }
    if (write == live && newest == write) {
      if (!deleteOld) {
        steps.add(new ReindexStep.CreateGeneration(newest + 1));
        steps.add(new ReindexStep.MoveWriteAlias(write, newest + 1));
        write = newest + 1;
      }
    } else if (write == live && newest > write) {
      steps.add(new ReindexStep.MoveWriteAlias(write, newest));
      write = newest;
    } else if (!(live < write && write == newest)) {
      throw inconsistent(state);
    }
    if (live != write) {
      steps.add(new ReindexStep.Seal(live));
      if (fromTable.isPresent()) {
        steps.add(new ReindexStep.Fill(fromTable.get(), write));
        steps.add(new ReindexStep.VerifyTable(fromTable.get(), write));
      } else {
        steps.add(new ReindexStep.Copy(live, write));
        steps.add(new ReindexStep.Verify(live, write));
      }
      steps.add(new ReindexStep.MoveLiveAlias(live, write));
    }
    if (deleteOld) {
      final int kept = write;
      List<Integer> old = state.generations().keySet().stream().filter(n -> n < kept).toList();
      if (!old.isEmpty()) {
        steps.add(new ReindexStep.DeleteGenerations(old));
      }
    }
    return steps;
  }

  private static UserError inconsistent(IndexState state) {
    return new UserError(state.index() + ": generations " + state.generations().values() + ", write alias on "
        + state.writeGeneration().map(n -> IndexLayout.generation(state.index(), n)).orElse("none") + ", "
        + IndexLayout.liveAlias(state.index()) + " on "
        + state.liveGeneration().map(n -> IndexLayout.generation(state.index(), n)).orElse("none")
        + ": not a state reindex leaves; point the aliases with POST _aliases, then run it again");
  }
}
