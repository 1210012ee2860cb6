package io.ddbsync.cli.command.testfilter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.shared.events.StreamRecords;
import io.ddbsync.cli.shared.template.TemplateSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddbsync test-filter}: which records the pipe's filter patterns let through, before deploying them. */
@Command(
    name = "test-filter",
    description = "Prints MATCH or DROP for every stream record under the template's filter patterns.",
    mixinStandardHelpOptions = true)
public final class TestFilterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--events", arity = "1..*", required = true, paramLabel = "PATH",
      description = "Stream record files or folders (*.json, *.jsonl).")
  List<Path> events;

  @Option(names = "--template", defaultValue = "pipeline.yaml", description = "The SAM template (default: ${DEFAULT-VALUE}).")
  Path template;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RecordFilter filter = RecordFilter.of(TemplateSettings.filterPatterns(template));
    List<ObjectNode> records = StreamRecords.load(events);
    int matched = 0;
    for (ObjectNode record : records) {
      boolean passes = filter.passes(record);
      matched += passes ? 1 : 0;
      out.println((passes ? "MATCH " : "DROP  ") + StreamRecords.describe(record));
    }
    out.printf("%d records: %d match, %d dropped%n", records.size(), matched, records.size() - matched);
    out.flush();
    return 0;
  }
}
