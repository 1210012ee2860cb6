package io.ddbsync.cli.command.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.backfill.Backfill;
import io.ddbsync.cli.shared.backfill.Checkpoint;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.ParallelScan;
import io.ddbsync.cli.shared.scan.TableScanOptions;
import io.ddbsync.cli.shared.write.OpenSearchWriter;
import io.ddbsync.cli.shared.write.IndexWriter;
import io.ddbsync.cli.shared.write.QueueWriter;
import io.ddbsync.cli.shared.write.Write;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessages;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync backfill}: the first load of a table into its indices, safe while the stream flows. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
        "Copies every item of a DynamoDB table into OpenSearch, converted, projected and routed as the"
            + " enrichment function does, with a version below every stream change made after the scan"
            + " started: run it while the pipeline is running, and no newer change or delete is undone.",
        "Writes go to the pipeline's FIFO queue (--queue-url) or straight to OpenSearch (--direct).",
        "Progress is kept in a checkpoint file: run the same command again to resume after a failure."})
public final class BackfillCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TableScanOptions tableScan;

  @Option(names = "--page-size", defaultValue = "0",
      description = "Items per Scan page (Limit); 0 = DynamoDB's 1 MB pages (default). Smaller pages smooth --rcu-limit.")
  int pageSize;

  @Option(names = "--bulk-bytes", defaultValue = "5242880",
      description = "Bytes per _bulk request with --direct (default: ${DEFAULT-VALUE}, 5 MiB; some domains refuse over 10 MiB).")
  long bulkBytes;

  @Option(names = "--checkpoint", description = "Progress file (default: backfill-<table>.checkpoint.json).")
  Optional<Path> checkpointFile;

  @Option(names = "--resume", description = "Require an existing checkpoint (an existing one is resumed anyway).")
  boolean resume;

  @Option(names = "--queue-url", description = "Send upsert messages to this FIFO queue; the indexer applies them.")
  Optional<URI> queueUrl;

  @Option(names = "--direct", description = "Write straight to OpenSearch with _bulk (needs --opensearch).")
  boolean direct;

  @Option(names = "--opensearch", description = "OpenSearch URL for --direct, e.g. http://127.0.0.1:9200.")
  Optional<URI> openSearchUrl;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Option(names = "--json", description = "Print the summary as one JSON line.")
  boolean json;

  /** Test hook: runs after each page (throw to simulate a crash). */
  Backfill.PageListener pageListener = segment -> {};

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    if (direct == queueUrl.isPresent()) {
      throw new UserError("pass either --queue-url URL or --direct --opensearch URL");
    }
    if (direct && openSearchUrl.isEmpty()) {
      throw new UserError("--direct needs --opensearch URL");
    }
    int segments = tableScan.segments();
    EnrichmentConfig enrichment = tableScan.enrichment();
    Path file = checkpointFile.orElse(Path.of("backfill-" + tableScan.table() + ".checkpoint.json"));
    if (resume && !Files.exists(file)) {
      throw new UserError("--resume: checkpoint " + file + " does not exist");
    }
    PrintWriter err = spec.commandLine().getErr();
    try (DynamoDbClient dynamoDb = tableScan.dynamoDb()) {
      DescribeTableResponse description = tableScan.describe(dynamoDb);
      ItemDocuments documents = new ItemDocuments(enrichment, ItemDocuments.tableKey(description.table()));
      boolean resumed = Files.exists(file);
      Checkpoint checkpoint = Checkpoint.openOrCreate(file, tableScan.table(), segments, tableScan.scanStartSeconds(clock));
      if (resumed) {
        err.println("resuming from " + file + " (" + checkpoint.itemsDone() + " items already handed off)");
      }
      // The brief's rule: every stream change made after the scan started has a higher version.
      long version = ExternalVersion.ofBackfill(checkpoint.scanStartSeconds());
      ParallelScan scan = tableScan.scan(dynamoDb, pageSize);
      Backfill.Result result;
      if (direct) {
        result = runDirect(scan, documents, checkpoint, version, description, err, file);
      } else {
        try (SqsClient sqs = tableScan.sqs(queueUrl.get())) {
          QueueWriter writer = new QueueWriter(sqs, queueUrl.get().toString(), "backfill",
              checkpoint.scanStartSeconds(), enrichment.maxMessageBytes());
          result = run(scan, documents, writer, checkpoint, version, description, err, file);
        }
      }
      checkpoint.delete();
      report(result, version);
      return result.problems().isEmpty() ? 0 : 1;
    }
  }

  private Backfill.Result runDirect(ParallelScan scan, ItemDocuments documents, Checkpoint checkpoint,
      long version, DescribeTableResponse description, PrintWriter err, Path file) throws Exception {
    try (OpenSearchConnection openSearch = tableScan.openSearch(openSearchUrl.get())) {
      IndexTemplates.apply(openSearch, documents.indices());
      RefreshIntervals refresh = new RefreshIntervals(openSearch.client());
      checkpoint.recordRefreshIntervals(refresh.current(documents.indices()));
      Map<String, Optional<String>> original = checkpoint.refreshIntervals();
      refresh.disable(original.keySet());
      try {
        return run(scan, documents, new OpenSearchWriter(openSearch.client(), bulkBytes), checkpoint, version,
            description, err, file);
      } finally {
        refresh.restore(original);
      }
    }
  }

  private Backfill.Result run(ParallelScan scan, ItemDocuments documents, IndexWriter writer, Checkpoint checkpoint,
      long version, DescribeTableResponse description, PrintWriter err, Path file) throws Exception {
    long total = Optional.ofNullable(description.table().itemCount()).orElse(0L);
    try (ProgressBar bar = progressBar(total, checkpoint.itemsDone())) {
      LongConsumer progress = bar == null ? n -> {} : bar::stepBy;
      return new Backfill(scan, documents::convert, writer, checkpoint, version, progress, pageListener).run(tableScan.segments());
    } catch (Exception e) {
      err.println("backfill stopped; " + file + " keeps its progress: run the same command to resume");
      throw e;
    }
  }

  private ProgressBar progressBar(long total, long done) {
    if (noProgress) {
      return null;
    }
    // DescribeTable's ItemCount is refreshed about every six hours: the bar's total is an estimate.
    return new ProgressBarBuilder()
        .setTaskName("backfill " + tableScan.table())
        .setInitialMax(Math.max(total, done))
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUnit(" items", 1)
        .showSpeed()
        .setUpdateIntervalMillis(500)
        .build();
  }

  private void report(Backfill.Result result, long version) {
    PrintWriter out = spec.commandLine().getOut();
    for (IndexWriter.WriteReport.Failed problem : result.problems()) {
      out.println("not written: " + (problem.index().isEmpty() ? "" : problem.index() + "/") + problem.id()
          + ": " + problem.reason());
    }
    if (json) {
      ObjectNode summary = ChangeMessages.MAPPER.createObjectNode()
          .put("table", tableScan.table())
          .put("version", version)
          .put("scanned", result.scanned())
          .put("written", result.written())
          .put("superseded", result.superseded())
          .put("unrouted", result.unrouted())
          .put("failed", result.problems().size());
      out.println(summary);
    } else {
      out.println("backfill of " + tableScan.table() + ": " + result.scanned() + " items scanned, " + result.written()
          + " written, " + result.superseded() + " already newer in the index (409), " + result.unrouted()
          + " matching no route, " + result.problems().size() + " not written; version " + version);
    }
    out.flush();
  }
}
