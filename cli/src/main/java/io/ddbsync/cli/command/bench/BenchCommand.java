package io.ddbsync.cli.command.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.engine.LocalEngines;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
import io.ddbsync.cli.local.function.FunctionLog;
import io.ddbsync.cli.local.function.Functions;
import io.ddbsync.cli.local.function.LocalContext;
import io.ddbsync.cli.local.pipe.PipeEmulator;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.queue.DeadLetters;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.table.LocalTables;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.cli.local.workload.Workload;
import io.ddbsync.cli.local.workload.WorkloadGenerator;
import io.ddbsync.cli.local.workload.WorkloadShape;
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.cli.shared.duration.Seconds;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.IndexDump;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.cli.shared.template.PipelineSettings.FunctionSettings;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.Upsert;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync bench}: throughput and latency of the functions and the pipeline, beside raw {@code _bulk}. */
@Command(
    name = "bench",
    description = {
      "Measures, in one run on local engines: raw _bulk to the OpenSearch node; the indexer's code path on",
      "the same documents; and the whole pipeline (stream shards, Pipes filter and enrichment, SQS FIFO,",
      "indexer, OpenSearch) with the template's batch sizes and concurrency: changes per second, and the",
      "latency from a change entering the stream to its document being searchable."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--template", defaultValue = "pipeline.yaml", description = "The SAM template (default: ${DEFAULT-VALUE}).")
  Path template;

  @Option(names = "--changes", defaultValue = "10000", paramLabel = "N",
      description = "Changes in the generated stream of the throughput phase (default: ${DEFAULT-VALUE}).")
  int changes;

  @Option(names = "--items", defaultValue = "4000", paramLabel = "M", description = "Items the changes touch (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--shards", defaultValue = "2",
      description = "Stream shards, each read by the template's ParallelizationFactor of pipe executions at once"
          + " (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--rounds", defaultValue = "5",
      description = "Measured rounds of raw _bulk and the indexer path, after a warm-up round (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--drift", defaultValue = "0", paramLabel = "SHARE",
      description = {"Also measure the indexer path against raw _bulk with this share of items whose attribute",
          "types differ (as run --drift), in the same run (default: ${DEFAULT-VALUE}, not measured)."})
  double drift;

  @Option(names = "--latency-rate", paramLabel = "PER_SECOND",
      description = "Changes per second in the latency phase (default: half the measured end-to-end throughput).")
  Double latencyRate;

  @Option(names = "--latency-duration", defaultValue = "20s", converter = Seconds.class,
      description = "How long each latency phase feeds the stream (default: ${DEFAULT-VALUE}).")
  Duration latencyDuration;

  @Option(names = "--windows", split = ",", defaultValue = "0,1", paramLabel = "SECONDS",
      description = {"Pipe batching windows (PipeBatchingWindowSeconds) of the latency phase: one phase each, at",
          "the same rate (default: ${DEFAULT-VALUE}). The throughput phase uses the template's."})
  List<Integer> windows;

  @Option(names = "--env-vars", paramLabel = "FILE",
      description = "Function environment overrides, as for sam local invoke (e.g. samples/env.json).")
  Path envVars;

  @Option(names = "--idempotency", description = "Run the pipeline's indexer with its idempotency table (on dynalite).")
  boolean idempotency;

  @Option(names = "--opensearch", paramLabel = "URL", description = "Use this OpenSearch instead of an embedded node.")
  URI openSearch;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated streams (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timeout", defaultValue = "10m", converter = Seconds.class,
      description = "Give up on a phase after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print the figures as one JSON object on the last line.")
  boolean json;

  @Option(names = "--region", defaultValue = "us-east-1", description = "Region in ARNs and SDK clients (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--log-dir", defaultValue = "${sys:ddbsync.logDir:-.ddbsync}",
      description = "Where function logs go (default: .ddbsync).")
  Path logDir;

  private static final String STACK = "ddbsync-bench";

  @Override
  public Integer call() throws Exception {
    if (changes < 100 || items < 1 || shards < 1 || rounds < 1) {
      throw new UserError("--changes must be at least 100, and --items, --shards and --rounds at least 1");
    }
    if (windows.isEmpty() || windows.stream().anyMatch(w -> w < 0 || w > 300) || Set.copyOf(windows).size() < windows.size()) {
      throw new UserError("--windows must list distinct batching windows of 0 to 300 seconds, not " + windows);
    }
    if (drift < 0 || drift > 1) {
      throw new UserError("--drift must be a share from 0 to 1, not " + drift);
    }
    PipelineSettings settings = (envVars == null ? EnvVars.none() : EnvVars.read(envVars))
        .applyTo(TemplateSettings.load(template, STACK));
    RecordFilter filter = RecordFilter.of(settings.filterPatterns());
    EnrichmentConfig enrichmentConfig = EnrichmentSettings.of(settings);
    Enrichment enrichment = new Enrichment(enrichmentConfig);
    List<String> keys = WorkloadGenerator.keyAttributes(enrichmentConfig);
    PrintWriter err = spec.commandLine().getErr();
    try (CpuProfile profile = new CpuProfile();
        FunctionLog log = FunctionLog.open(logDir.resolve("bench-functions.log")).capture();
        LocalEngines engines = LocalEngines.start(Optional.ofNullable(openSearch), Optional.empty(), 0,
            Optional.empty(), region, line -> status(err, line));
        LocalAws functionsSdk = LocalAws.forFunctions(region, engines.sqs(), engines.dynamoDb());
        SqsClient sqs = LocalAws.sqs(engines.sqs(), region);
        DynamoDbClient dynamoDb = LocalAws.dynamoDb(engines.dynamoDb(), region);
        OpenSearchConnection node = OpenSearchConnection.plain(engines.openSearch())) {
      LocalQueues queues = LocalQueues.create(sqs, settings.queue(), settings.queue().visibilityTimeoutSeconds(), region);
      Map<String, String> overrides = engines.indexerOverrides(settings, queues, STACK);
      FunctionSettings indexer = settings.indexer();
      Map<String, String> withoutIdempotency = new HashMap<>(indexer.environmentWith(overrides));
      withoutIdempotency.put("IDEMPOTENCY_TABLE", "");
      Map<String, String> pipelineEnvironment = withoutIdempotency;
      if (idempotency) {
        if (!overrides.containsKey("IDEMPOTENCY_TABLE")) {
          throw new UserError("--idempotency: the indexer in " + template + " declares no IDEMPOTENCY_TABLE");
        }
        LocalTables.createIdempotencyTable(dynamoDb, overrides.get("IDEMPOTENCY_TABLE"));
        pipelineEnvironment = indexer.environmentWith(overrides);
      }

      Workload main = new WorkloadGenerator(seed, keys).generate(changes, items);
      List<Upsert> upserts = upserts(main, enrichment);
      int concurrency = settings.maximumConcurrency();
      status(err, "raw _bulk and the indexer path: " + upserts.size() + " documents per round, " + concurrency
          + " writers, " + (rounds + 1) + " rounds");
      BulkPathBench bulkPath = new BulkPathBench(node, upserts, concurrency,
          () -> Functions.sqsHandler(indexer.handler(), withoutIdempotency), () -> context(indexer), queues.changesArn(),
          false);
      BulkPathBench.Result bulk = profile.phase("indexer path and raw _bulk", () -> bulkPath.run(1, rounds));
      Optional<BulkPathBench.Result> drifted = Optional.empty();
      if (drift > 0) {
        List<Upsert> driftedUpserts = upserts(new WorkloadGenerator(seed, keys).generate(changes, items, WorkloadShape.plain(0, drift)), enrichment);
        status(err, "raw _bulk and the indexer path with drift " + drift + ": " + driftedUpserts.size() + " documents per round");
        BulkPathBench driftedPath = new BulkPathBench(node, driftedUpserts, concurrency,
            () -> Functions.sqsHandler(indexer.handler(), withoutIdempotency), () -> context(indexer), queues.changesArn(),
            true);
        drifted = Optional.of(profile.phase("indexer path and raw _bulk, drift", () -> driftedPath.run(1, rounds)));
      }

      int lanes = shards * settings.parallelizationFactor();
      status(err, "the local queue alone: " + upserts.size() + " messages from " + lanes + " senders to "
          + concurrency + " pollers");
      double queueCeiling = profile.phase("local queue alone", () -> QueueCeiling.messagesPerSec(sqs,
          queues.changes(), upserts, lanes, settings.pipeBatchSize(), concurrency, settings.indexerBatchSize()));

      List<String> indices = EnrichmentSettings.routedIndices(enrichmentConfig);
      Supplier<PipeEmulator> pipes = () -> new PipeEmulator(filter, Functions.instantiate(
          settings.enrichment().handler(), settings.enrichment().environment(), RequestStreamHandler.class),
          settings, sqs, queues.changes());
      EndToEndBench endToEnd = new EndToEndBench(node, indices, enrichment, pipes, lanes, settings.pipeBatchSize(),
          sqs, queues, timeout);
      Duration templateWindow = Duration.ofSeconds(settings.batchingWindowSeconds());
      Map<String, String> esmEnvironment = pipelineEnvironment;
      EndToEndBench.Phase throughput;
      List<BenchResult.WindowLatency> latencies = new ArrayList<>();
      Convergence convergence;
      double rate;
      try (SqsEventSourceMapping esm = new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), region,
          indexer, settings.indexerBatchSize(), concurrency, () -> Functions.sqsHandler(indexer.handler(), esmEnvironment),
          TimeScale.FULL)) {
        status(err, "end to end, warm-up: " + changes / 10 + " changes");
        endToEnd.backlog(new WorkloadGenerator(seed + 1, keys).generate(changes / 10, items).records(), templateWindow, esm);
        status(err, "end to end, throughput: " + changes + " changes over " + items + " items, all in the stream at once");
        throughput = profile.phase("end to end, throughput", () -> endToEnd.backlog(main.records(), templateWindow, esm));
        convergence = Convergence.check(main, enrichmentConfig, IndexDump.liveDocuments(node.client(), indices),
            DeadLetters.readAll(sqs, queues.deadLetters()).stream().map(DeadLetterMessage::of).toList());
        rate = latencyRate != null ? latencyRate : throughput.changesPerSec() / 2;
        int latencyChanges = (int) Math.max(1, rate * latencyDuration.toMillis() / 1000);
        double perSecond = rate;
        for (int i = 0; i < windows.size(); i++) {
          int window = windows.get(i);
          status(err, String.format("end to end, latency, batching window %d s: %d changes at %.0f per second", window,
              latencyChanges, rate));
          // A stream of the same shape per window, from its own seed: the same stream again would carry the same
          // event ids, which the FIFO queue drops as duplicates within its 5-minute deduplication window.
          List<ObjectNode> steady = new WorkloadGenerator(seed + 2 + i, keys).generate(latencyChanges, items).records();
          EndToEndBench.Phase latency = profile.phase("end to end, latency, window " + window + " s",
              () -> endToEnd.steady(steady, perSecond, Duration.ofSeconds(window), esm));
          latencies.add(new BenchResult.WindowLatency(window, latency));
        }
      }
      BenchResult result = new BenchResult(settings, shards, concurrency, idempotency, bulk, drift, drifted, queueCeiling, throughput,
          convergence, latencies, rate, profile.shares(), log.file());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(result.json());
      } else {
        result.print(out);
      }
      out.flush();
      return convergence.converged() ? 0 : 1;
    }
  }

  private static List<Upsert> upserts(Workload workload, Enrichment enrichment) {
    List<Upsert> upserts = new ArrayList<>();
    for (ObjectNode record : workload.records()) {
      for (ChangeMessage message : enrichment.enrich(List.<JsonNode>of(record)).messages()) {
        if (message instanceof Upsert upsert) {
          upserts.add(upsert);
        }
      }
    }
    return upserts;
  }

  private static LocalContext context(FunctionSettings function) {
    return new LocalContext(function.name(), function.timeoutSeconds(), function.memoryMb());
  }

  private static void status(PrintWriter err, String line) {
    err.println("ddbsync bench: " + line);
    err.flush();
  }
}
