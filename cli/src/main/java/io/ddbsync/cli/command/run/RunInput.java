package io.ddbsync.cli.command.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.table.LocalTables;
import io.ddbsync.cli.local.workload.Workload;
import io.ddbsync.cli.shared.events.StreamRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stream records a run pushes through the pipe, and the table they leave behind.
 *
 * @param source what the records are, for the summary
 * @param table each item's final state, the source table's content
 * @param workload the generated workload, whose final state the index is checked against
 * @param followed the table whose stream is followed instead of records read up front
 */
record RunInput(String source, List<ObjectNode> records, Map<String, ObjectNode> table, Optional<Workload> workload,
    Optional<FollowedTable> followed) {

  /** The stream record files or folders {@code paths} (*.json, *.jsonl). */
  static RunInput events(List<Path> paths) {
    List<ObjectNode> records = StreamRecords.load(paths);
    return new RunInput(String.join(", ", paths.stream().map(Path::toString).toList()), records,
        LocalTables.finalItems(records), Optional.empty(), Optional.empty());
  }

  static RunInput generated(Workload workload, int changes, int items, long seed, double drift) {
    return new RunInput("a generated workload (" + changes + " changes over " + items + " items, seed " + seed
        + (drift > 0 ? ", drift " + drift : "") + ")",
        workload.records(), workload.table(), Optional.of(workload), Optional.empty());
  }

  /** No records up front and no local source table: the records come from {@code table}'s stream as it is followed. */
  static RunInput followed(FollowedTable table) {
    return new RunInput(table.source(), List.of(), Map.of(), Optional.empty(), Optional.of(table));
  }
}
