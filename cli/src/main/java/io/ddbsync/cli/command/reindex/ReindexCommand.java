package io.ddbsync.cli.command.reindex;

import io.ddbsync.cli.shared.backfill.Backfill;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuth;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuthOption;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.scan.TableReadOptions;
import io.ddbsync.indexsetup.Generations;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.indexsetup.IndexState;
import io.ddbsync.indexsetup.IndexTemplate;
import io.ddbsync.indexsetup.OpenSearchCalls;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code ddbsync reindex}: a new generation of an index with the current template, while the stream keeps writing. */
@Command(
    name = "reindex",
    mixinStandardHelpOptions = true,
    description = {
        "Rebuilds an index with the current index template while the pipeline keeps writing: creates the next",
        "generation <index>-NNNNNN, points the write alias <index> at it, copies the old generation into it",
        "keeping external versions (newer stream writes win), verifies it, then swaps <index>-live atomically.",
        "With --from-table T it fills the new generation from the table by the backfill scan instead (with the",
        "backfill version of the scan's start) and verifies it against the table.",
        "Run it again after a crash: it derives the next step from the cluster and resumes.",
        "A physical index of the first layout (named <index>) is first migrated to generation 1.",
        "--delete-old finishes a reindex in progress and deletes the older generations; it starts no new one."})
public final class ReindexCommand implements Callable<Integer> {

  static final Path DEFAULT_TEMPLATE = Path.of("opensearch", "index-template.json");

  @Spec CommandSpec spec;

  @Option(names = "--opensearch", required = true, paramLabel = "URL", description = "The OpenSearch endpoint.")
  URI openSearch;

  @Mixin OpenSearchAuthOption openSearchAuth;

  @Option(names = "--region", description = "AWS region of a signed --opensearch and of the --from-table table (default: the SDK's region chain).")
  Optional<String> region = Optional.empty();

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The routed index (its write alias).")
  String index;

  @Option(names = "--index-template", paramLabel = "FILE",
      description = "Index template of the new generation (default: opensearch/index-template.json if it exists here, else the one built in).")
  Optional<Path> indexTemplate;

  @Option(names = "--from-index", description = "Fill the new generation from the old one (the default).")
  boolean fromIndex;

  @Option(names = "--from-table", paramLabel = "TABLE",
      description = "Fill the new generation from this DynamoDB table by the backfill scan, converted as the enrichment"
          + " function does (--template, --config; read with --endpoint, --segments, --rcu-limit), and verify it against the table.")
  Optional<String> fromTable = Optional.empty();

  /** With --from-table: how the table is read and converted, the options backfill and verify take. */
  @Mixin TableReadOptions tableRead;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "With --from-table: the fill's progress file (default: reindex-<index>-NNNNNN.checkpoint.json).")
  Optional<Path> checkpointFile = Optional.empty();

  @Option(names = "--dry-run", description = "Print the steps left, change nothing.")
  boolean dryRun;

  @Option(names = "--delete-old", description = "Finish a reindex in progress, then delete the older generations.")
  boolean deleteOld;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  /** Test hook: runs once the copy task has started (throw to simulate a crash mid-copy). */
  Reindexer.CopyStarted copyStarted = taskId -> {};

  /** Test hook: runs after each page of the table fill (throw to simulate a crash mid-fill). */
  Backfill.PageListener fillPageListener = segment -> {};

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    checkOptions();
    IndexTemplate template = indexTemplate.map(IndexTemplate::read)
        .orElseGet(() -> Files.exists(DEFAULT_TEMPLATE) ? IndexTemplate.read(DEFAULT_TEMPLATE) : IndexTemplate.packaged());
    PrintWriter out = spec.commandLine().getOut();
    try (OpenSearchConnection connection = openSearchAuth.connect(openSearch, region)) {
      OpenSearchCalls calls = new OpenSearchCalls(connection.client().generic());
      List<ReindexStep> steps = ReindexPlan.plan(IndexState.read(calls, index), deleteOld, fromTable);
      if (steps.isEmpty()) {
        out.println(index + ": nothing to do");
      }
      Generations generations = new Generations(calls, template);
      Optional<ReindexStep.Fill> fill = steps.stream()
          .filter(ReindexStep.Fill.class::isInstance).map(ReindexStep.Fill.class::cast).findFirst();
      if (fill.isEmpty() || dryRun) {
        runSteps(steps, new Reindexer(calls, generations, index, out, Optional.empty()), out);
        return 0;
      }
      try (DynamoDbClient dynamoDb = tableRead.dynamoDb(region)) {
        Path file = checkpointFile.orElse(Path.of("reindex-" + IndexLayout.generation(index, fill.get().to()) + ".checkpoint.json"));
        TableFill tableFill = new TableFill(fill.get().table(), index, tableRead, dynamoDb, connection, file, clock, out);
        tableFill.pageListener = fillPageListener;
        runSteps(steps, new Reindexer(calls, generations, index, out, Optional.of(tableFill)), out);
        return 0;
      }
    } catch (UserError e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new UserError("reindex of " + index + " at " + openSearch + " stopped: " + e.getMessage()
          + "; run the same command again to resume", e);
    }
  }

  private void runSteps(List<ReindexStep> steps, Reindexer reindexer, PrintWriter out) throws Exception {
    reindexer.copyStarted = copyStarted;
    for (int i = 0; i < steps.size(); i++) {
      out.printf("%s %d/%d: %s%n", dryRun ? "would" : "step", i + 1, steps.size(), steps.get(i).describe(index));
      out.flush();
      if (!dryRun) {
        runStep(reindexer, steps.get(i));
      }
    }
    out.flush();
  }

  private void checkOptions() {
    if (fromIndex && fromTable.isPresent()) {
      throw new UserError("pass --from-index or --from-table, not both");
    }
    if (fromTable.isEmpty()) {
      List<String> tableOptions = spec.mixins().get("tableRead").options().stream()
          .filter(spec.commandLine().getParseResult()::hasMatchedOption).map(o -> o.longestName()).toList();
      if (!tableOptions.isEmpty() || checkpointFile.isPresent()) {
        throw new UserError(String.join(", ", tableOptions.isEmpty() ? List.of("--checkpoint") : tableOptions)
            + ": for reading a table, which only --from-table does");
      }
    }
    if (openSearchAuth.auth() == OpenSearchAuth.SIGV4_AOSS) {
      // Amazon OpenSearch Serverless, "Supported operations and plugins" lists neither.
      throw new UserError(fromTable.isPresent()
          ? "OpenSearch Serverless has no index blocks API (PUT <index>/_block/write), which reindex needs to seal the old generation before the fill"
          : "OpenSearch Serverless has no _reindex or _tasks API, which reindex needs to copy a generation");
    }
  }

  private void runStep(Reindexer reindexer, ReindexStep step) throws Exception {
    boolean fill = step instanceof ReindexStep.Fill;
    if (!(step instanceof ReindexStep.Copy || fill) || noProgress) {
      reindexer.run(step, Reindexer.silent());
      return;
    }
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName((fill ? "fill " : "copy ") + index).setInitialMax(0)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(fill ? " items" : " docs", 1).showSpeed()
        .setUpdateIntervalMillis(500).build()) {
      reindexer.run(step, new Reindexer.CopyProgress() {
        public void started(long total) {
          bar.maxHint(total);
        }

        public void done(long documents) {
          bar.stepTo(documents);
        }
      });
    }
  }
}
