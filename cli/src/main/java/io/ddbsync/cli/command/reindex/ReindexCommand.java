package io.ddbsync.cli.command.reindex;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuth;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuthOption;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.indexsetup.Generations;
import io.ddbsync.indexsetup.IndexState;
import io.ddbsync.indexsetup.IndexTemplate;
import io.ddbsync.indexsetup.OpenSearchCalls;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code ddbsync reindex}: a new generation of an index with the current template, while the stream keeps writing. */
@Command(
    name = "reindex",
    mixinStandardHelpOptions = true,
    description = {
        "Rebuilds an index with the current index template while the pipeline keeps writing: creates the next",
        "generation <index>-NNNNNN, points the write alias <index> at it, copies the old generation into it",
        "keeping external versions (newer stream writes win), verifies it, then swaps <index>-live atomically.",
        "Run it again after a crash: it derives the next step from the cluster and resumes.",
        "A physical index of the first layout (named <index>) is first migrated to generation 1.",
        "--delete-old finishes a reindex in progress and deletes the older generations; it starts no new one."})
public final class ReindexCommand implements Callable<Integer> {

  static final Path DEFAULT_TEMPLATE = Path.of("opensearch", "index-template.json");

  @Spec CommandSpec spec;

  @Option(names = "--opensearch", required = true, paramLabel = "URL", description = "The OpenSearch endpoint.")
  URI openSearch;

  @Mixin OpenSearchAuthOption openSearchAuth;

  @Option(names = "--region", description = "AWS region of a signed --opensearch (default: the SDK's region chain).")
  Optional<String> region = Optional.empty();

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "The routed index (its write alias).")
  String index;

  @Option(names = "--template", paramLabel = "FILE",
      description = "Index template of the new generation (default: opensearch/index-template.json if it exists here, else the one built in).")
  Optional<Path> template;

  @Option(names = "--from-index", description = "Fill the new generation from the old one (the default, and the only source so far).")
  boolean fromIndex;

  @Option(names = "--from-table", paramLabel = "TABLE", description = "Not available yet: fill from the table by the backfill scan.")
  Optional<String> fromTable;

  @Option(names = "--dry-run", description = "Print the steps left, change nothing.")
  boolean dryRun;

  @Option(names = "--delete-old", description = "Finish a reindex in progress, then delete the older generations.")
  boolean deleteOld;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  /** Test hook: runs once the copy task has started (throw to simulate a crash mid-copy). */
  Reindexer.CopyStarted copyStarted = taskId -> {};

  @Override
  public Integer call() throws Exception {
    if (fromTable.isPresent()) {
      throw new UserError("--from-table is not available yet: reindex copies the old generation (--from-index);"
          + " for a table-only rebuild, reindex and then run verify --repair against the table");
    }
    if (openSearchAuth.auth() == OpenSearchAuth.SIGV4_AOSS) {
      // Amazon OpenSearch Serverless, "Supported operations and plugins": no _reindex and no _tasks.
      throw new UserError("OpenSearch Serverless has no _reindex or _tasks API, which reindex needs to copy a generation");
    }
    IndexTemplate indexTemplate = template.map(IndexTemplate::read)
        .orElseGet(() -> Files.exists(DEFAULT_TEMPLATE) ? IndexTemplate.read(DEFAULT_TEMPLATE) : IndexTemplate.packaged());
    PrintWriter out = spec.commandLine().getOut();
    try (OpenSearchConnection connection = openSearchAuth.connect(openSearch, region)) {
      OpenSearchCalls calls = new OpenSearchCalls(connection.client().generic());
      List<ReindexStep> steps = ReindexPlan.plan(IndexState.read(calls, index), deleteOld);
      if (steps.isEmpty()) {
        out.println(index + ": nothing to do");
      }
      Reindexer reindexer = new Reindexer(calls, new Generations(calls, indexTemplate), index, out);
      reindexer.copyStarted = copyStarted;
      for (int i = 0; i < steps.size(); i++) {
        out.printf("%s %d/%d: %s%n", dryRun ? "would" : "step", i + 1, steps.size(), steps.get(i).describe(index));
        out.flush();
        if (!dryRun) {
          runStep(reindexer, steps.get(i));
        }
      }
      out.flush();
      return 0;
    } catch (IOException e) {
      throw new UserError("reindex of " + index + " at " + openSearch + " stopped: " + e.getMessage()
          + "; run the same command again to resume", e);
    }
  }

  private void runStep(Reindexer reindexer, ReindexStep step) throws IOException, InterruptedException {
    if (!(step instanceof ReindexStep.Copy) || noProgress) {
      reindexer.run(step, Reindexer.silent());
      return;
    }
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("copy " + index).setInitialMax(0)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(" docs", 1).showSpeed()
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
