package io.ddbsync.cli.command.reindex;

import io.ddbsync.indexsetup.IndexLayout;
import java.util.List;

/** One step of a reindex; each is one request or one waited-for task, and safe to repeat. */
public sealed interface ReindexStep {

  /** What the step does, for --dry-run and progress lines. */
  String describe(String index);

  /** Stops writes to the first layout's physical index: the indexer retries them until the alias exists. */
  record BlockLegacyWrites() implements ReindexStep {
    public String describe(String index) {
      return "block writes to the physical index " + index + " (the indexer retries them until step 3)";
    }
  }

  /** Copies the blocked physical index, segments and versions as they are, into generation {@code to}. */
  record CloneLegacy(int to) implements ReindexStep {
    public String describe(String index) {
      return "clone " + index + " into " + IndexLayout.generation(index, to) + " (same documents, versions and mapping)";
    }
  }

  /** Deletes the physical index and puts both aliases on its clone, in one request. */
  record ReplaceLegacy(int with) implements ReindexStep {
    public String describe(String index) {
      return "replace the physical index " + index + " by the write alias " + index + " and " + IndexLayout.liveAlias(index)
          + " on " + IndexLayout.generation(index, with) + " (one atomic POST _aliases)";
    }
  }

  record CreateGeneration(int number) implements ReindexStep {
    public String describe(String index) {
      return "create " + IndexLayout.generation(index, number) + " with the current index template";
    }
  }

  record MoveWriteAlias(int from, int to) implements ReindexStep {
    public String describe(String index) {
      return "point the write alias " + index + " at " + IndexLayout.generation(index, to) + " instead of "
          + IndexLayout.generation(index, from) + ": new changes land there with their external versions";
    }
  }

  /**
   * Blocks writes to the generation the write alias left and refreshes it. Adding the block waits
   * for the writes in flight (a bulk that resolved the alias before it moved), so the copy's
   * snapshot holds every document the generation will ever hold; a write that reaches it later is
   * refused with a cluster block, which the indexer retries through the alias.
   */
  record Seal(int number) implements ReindexStep {
    public String describe(String index) {
      return "block writes to " + IndexLayout.generation(index, number)
          + " once the writes in flight have landed, and refresh it (PUT _block/write): it holds all it ever will";
    }
  }

  record Copy(int from, int to) implements ReindexStep {
    public String describe(String index) {
      return "copy " + IndexLayout.generation(index, from) + " into " + IndexLayout.generation(index, to)
          + ", tombstones included, keeping external versions (_reindex, version_type external, conflicts proceed:"
          + " newer stream writes win)";
    }
  }

  record Verify(int from, int to) implements ReindexStep {
    public String describe(String index) {
      return "verify " + IndexLayout.generation(index, to) + " against " + IndexLayout.generation(index, from)
          + ": every document of the old generation, by count and a sample by content";
    }
  }

  /**
   * {@code --from-table}: scans {@code table} and writes each item routed to the index into generation
   * {@code to} by its physical name, as {@code backfill --direct} writes: with the backfill version of
   * the scan's start, so a newer stream write wins and the fill's older write answers 409.
   */
  record Fill(String table, int to) implements ReindexStep {
    public String describe(String index) {
      return "fill " + IndexLayout.generation(index, to) + " from table " + table + " by a parallel scan, with the"
          + " backfill version of the scan's start (newer stream writes win)";
    }
  }

  /** {@code --from-table}: compares generation {@code to} with the table, as {@code verify} does for one index. */
  record VerifyTable(String table, int to) implements ReindexStep {
    public String describe(String index) {
      return "verify " + IndexLayout.generation(index, to) + " against table " + table
          + ": every item routed to " + index + " by content, and no document without an item";
    }
  }

  record MoveLiveAlias(int from, int to) implements ReindexStep {
    public String describe(String index) {
      return "point " + IndexLayout.liveAlias(index) + " at " + IndexLayout.generation(index, to) + " instead of "
          + IndexLayout.generation(index, from) + " (one atomic POST _aliases)";
    }
  }

  record DeleteGenerations(List<Integer> numbers) implements ReindexStep {
    public String describe(String index) {
      return "delete the old generation(s) " + String.join(", ", numbers.stream().map(n -> IndexLayout.generation(index, n)).toList());
    }
  }
}
