package io.ddbsync.cli.command.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.engine.LocalEngines;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
import io.ddbsync.cli.local.faults.FailingEnrichment;
import io.ddbsync.cli.local.faults.FaultReport;
import io.ddbsync.cli.local.faults.FaultSpec;
import io.ddbsync.cli.local.function.FunctionLog;
import io.ddbsync.cli.local.function.Functions;
import io.ddbsync.cli.local.pipe.JsonPath;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.queue.DeadLetters;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.cli.local.workload.WorkloadGenerator;
import io.ddbsync.cli.local.workload.WorkloadShape;
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.duration.Seconds;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.IndexDump;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.stream.ViewType;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code ddbsync run}: the whole pipeline on local engines, from stream records to a settled index. */
@Command(
    name = "run",
    description = {
      "Runs the pipeline of pipeline.yaml locally: Pipes filter and enrichment, SQS FIFO queue with its",
      "dead-letter queue, the indexer's event source mapping and OpenSearch, until the queues settle."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {

  /** The shortest function Timeout a run scales to (see --time-scale). */
  static final Duration TIMEOUT_FLOOR = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(names = "--template", defaultValue = "pipeline.yaml", description = "The SAM template (default: ${DEFAULT-VALUE}).")
  Path template;

  @ArgGroup(exclusive = true)
  Input input = new Input();

  static final class Input {
    @Option(names = "--events", arity = "1..*", paramLabel = "PATH",
        description = "Stream record files or folders (*.json, *.jsonl; default: samples/enrichment).")
    List<Path> events;

    @Option(names = "--workload", paramLabel = "N", description = "Generate a stream of N changes instead.")
    Integer workload;

    @Option(names = "--table", paramLabel = "NAME",
        description = "Follow this table's DynamoDB stream instead (read-only: only the stream and GetItem are read).")
    String table;
  }

  @Option(names = "--from", defaultValue = "trim-horizon", paramLabel = "POSITION",
      description = "With --table: where to start in the shards open now, trim-horizon (the oldest record kept) or latest"
          + " (default: ${DEFAULT-VALUE}).")
  String from;

  @Option(names = "--until-idle", converter = Seconds.class, paramLabel = "DURATION",
      description = "With --table: stop once the stream has been idle this long, e.g. 5s (default: follow until Ctrl-C).")
  Duration untilIdle;

  @Option(names = "--items", defaultValue = "300", paramLabel = "M", description = "Items the workload changes (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--faults", paramLabel = "SPEC",
      description = {"With --workload: inject faults and check convergence, e.g.",
          "os429=0.1,os503=0.05,timeout=0.02,item429=0.1,item503=0.02,crash=0.05,kill=0.05,idem=0.1,duplicate=0.1,",
          "poison=0.01,redrive=0.05,enrich=0.05"})
  String faultsText;

  @Option(names = "--drift", defaultValue = "0", paramLabel = "SHARE",
      description = {"With --workload: the share of items whose attributes take other types (N/S, M/S, BOOL/S,",
          "lists mixing types, sets for scalars), e.g. 0.3 (default: ${DEFAULT-VALUE})."})
  double drift;

  @Option(names = "--view-type", defaultValue = "NEW_AND_OLD_IMAGES", paramLabel = "VIEW",
      description = "With --workload: the stream view type whose images the records carry: ${COMPLETION-CANDIDATES}"
          + " (default: ${DEFAULT-VALUE}).")
  ViewType viewType;

  @Option(names = "--moves", paramLabel = "SHARE",
      description = "With --workload: share of order and order-line updates that change entityType, the routing"
          + " attribute (default: 0; 0.1 with --matrix).")
  Double moves;

  @Option(names = "--oversize", paramLabel = "SHARE",
      description = "With --workload: share of items too large for a message (MAX_MESSAGE_BYTES), which take the"
          + " fetch path (default: 0; 0.05 with --matrix).")
  Double oversize;

  @Option(names = "--matrix",
      description = {"With --workload: the convergence check for every configuration (view type x TTL_EXPIRY x",
          "routing with and without DEFAULT_INDEX), one run per cell on the same engines; see README."})
  boolean matrix;

  @Option(names = "--cells", split = ",", paramLabel = "CELL",
      description = "With --matrix: only these cells, VIEW/TTL/ROUTING, e.g. NEW_IMAGE/keep/no-default.")
  List<String> cells;

  @Option(names = "--opensearch", paramLabel = "URL", description = "Use this OpenSearch instead of an embedded node.")
  URI openSearch;

  @Option(names = "--sqs-port", defaultValue = "0", description = "Port of the local SQS server (default: any free port).")
  int sqsPort;

  @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "Use this SQS-compatible endpoint instead of ElasticMQ.")
  URI sqsEndpoint;

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "Use this DynamoDB-compatible endpoint instead of dynalite.")
  URI dynamoDbEndpoint;

  @Option(names = "--time-scale", defaultValue = "0.01", paramLabel = "FACTOR",
      description = {"Multiplies every duration the template sets, keeping their ratios: the functions' Timeout, the",
          "queue's VisibilityTimeout (rounded up to whole seconds, as SQS takes it), the pipe's batching window,",
          "retry backoff and MaximumRecordAgeInSeconds (default: ${DEFAULT-VALUE}). A function's Timeout is never",
          "scaled below 5 s, since a local invocation on a loaded machine can take that long, and the visibility",
          "timeout never below the indexer's: at 0.01 both are 5 s (the template's 60 s and 360 s)."})
  double timeScale;

  @Option(names = "--timeout", defaultValue = "10m", converter = Seconds.class,
      description = "Give up if the queues have not settled after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--region", defaultValue = "us-east-1", description = "Region in ARNs and SDK clients (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--json", description = "Print the summary as one JSON object on the last line.")
  boolean json;

  @Option(names = "--dump", paramLabel = "FILE", description = "Write every live document of the routed indices as JSON lines.")
  Path dump;

  @Option(names = "--keep", description = "Leave the engines running and print their URLs until Ctrl-C.")
  boolean keep;

  @Option(names = "--env-vars", paramLabel = "FILE",
      description = "Function environment overrides, as for sam local invoke (e.g. samples/env.json).")
  Path envVars;

  @Option(names = "--stack", defaultValue = TemplateSettings.LOCAL_STACK,
      description = "Names the local queues and tables, as a stack name would (default: ${DEFAULT-VALUE}).")
  String stack;

  @Option(names = "--log-dir", defaultValue = "${sys:ddbsync.logDir:-.ddbsync}",
      description = "Where function logs go (default: .ddbsync).")
  Path logDir;

  @Override
  public Integer call() throws Exception {
    if (matrix) {
      return matrix();
    }
    if (cells != null) {
      throw new UserError("--cells needs --matrix");
    }
    PipelineSettings settings = (envVars == null ? EnvVars.none() : EnvVars.read(envVars))
        .applyTo(TemplateSettings.load(template, stack));
    RecordFilter filter = RecordFilter.of(settings.filterPatterns());
    JsonPath.parse(settings.groupIdPath());
    JsonPath.parse(settings.dedupIdPath());
    EnrichmentConfig enrichmentConfig = EnrichmentSettings.of(settings);
    FaultSpec faults = faultsText == null ? FaultSpec.NONE : FaultSpec.parse(faultsText);
    if (!faults.equals(FaultSpec.NONE) && input.workload == null) {
      throw new UserError("--faults needs --workload: the convergence check compares the index with the generated table");
    }
    if (drift < 0 || drift > 1) {
      throw new UserError("--drift must be a share from 0 to 1, not " + drift);
    }
    if (drift > 0 && input.workload == null) {
      throw new UserError("--drift needs --workload: it is the share of generated items whose attribute types change");
    }
    if (!(timeScale > 0 && timeScale <= 1)) {
      throw new UserError("--time-scale must be more than 0 and at most 1, not " + timeScale);
    }
    TimeScale scale = new TimeScale(timeScale, TIMEOUT_FLOOR);
    RunInput runInput = input.table != null
        ? RunInput.followed(new FollowedTable(input.table, Optional.ofNullable(dynamoDbEndpoint), region,
            FollowedTable.startingPosition(from), Optional.ofNullable(untilIdle)))
        : input.workload == null
            ? RunInput.events(input.events == null ? List.of(Path.of("samples", "enrichment")) : input.events)
            : RunInput.generated(new WorkloadGenerator(seed, WorkloadGenerator.keyAttributes(enrichmentConfig))
                .generate(input.workload, items, shape(enrichmentConfig, faults)), input.workload, items, seed, drift);
    LocalPipeline.Wiring wiring = new LocalPipeline.Wiring(stack, region,
        visibilitySeconds(settings.queue().visibilityTimeoutSeconds(), settings.indexer().timeoutSeconds(), scale),
        scale, faults, seed, runInput.followed());

    try (FunctionLog log = FunctionLog.open(logDir.resolve("functions.log")).capture()) {
      return run(settings, filter, enrichmentConfig, wiring, runInput, log);
    } finally {
      finished.countDown(); // also when the run fails: a Ctrl-C shutdown must not wait for a summary that never comes
    }
  }

  private int run(PipelineSettings settings, RecordFilter filter, EnrichmentConfig enrichmentConfig,
      LocalPipeline.Wiring wiring, RunInput runInput, FunctionLog log) throws Exception {
    FaultSpec faults = wiring.faults();
    // Built once the log captures stdout: a function keeps the stdout it finds at construction.
    FailingEnrichment.FailingRecords failing = new FailingEnrichment.FailingRecords(faults.enrich(), wiring.seed());
    // One instance per lane, as each concurrent pipe execution has its own execution environment.
    Supplier<RequestStreamHandler> enrichment = () -> {
      RequestStreamHandler handler = Functions.instantiate(
          settings.enrichment().handler(), settings.enrichment().environment(), RequestStreamHandler.class);
      return faults.enrich() > 0 ? new FailingEnrichment(handler, failing) : handler;
    };
    enrichment.get(); // a handler that cannot start fails here, before any engine starts
    Status status = new Status(spec.commandLine().getErr(), json);
    Progress progress = new Progress(json, log.terminal());
    long startup = System.nanoTime();
    try (LocalEngines engines = LocalEngines.start(Optional.ofNullable(openSearch), Optional.ofNullable(sqsEndpoint),
            sqsPort, Optional.ofNullable(dynamoDbEndpoint), region, status::line);
        LocalPipeline pipeline = LocalPipeline.wire(engines, settings, wiring, enrichmentConfig, filter, enrichment,
            runInput.table(), runInput.records())) {
      long startupMs = (System.nanoTime() - startup) / 1_000_000;
      status.line(runInput.followed().isPresent() ? "following " + runInput.source()
          : "running " + runInput.records().size() + " records through the pipe");
      long started = System.nanoTime();
      Flowed flowed = flow(engines, pipeline, runInput, faults, progress, log, status);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      List<Message> deadLetters = pipeline.deadLetters();
      List<ObjectNode> live = pipeline.liveDocuments();
      if (dump != null) {
        IndexDump.write(dump, live);
      }
      Optional<Convergence> convergence = runInput.workload().map(w -> Convergence.check(w,
          enrichmentConfig, live, deadLetters.stream().map(DeadLetterMessage::of).toList()));
      Optional<FaultReport> faultReport = flowed.redriven().map(outcome -> new FaultReport(faultsText,
          pipeline.proxy().map(p -> FaultReport.ProxyCounts.of(p.counts())).orElse(FaultReport.ProxyCounts.NONE),
          FaultReport.EnvironmentCounts.of(pipeline.environmentFaults()), pipeline.pipeCounts().duplicatesSent.get(), pipeline.pipeCounts().deadLetteredOnPurpose.get(),
          outcome.moved().total(), deadLetters.size()));
      RunSummary.PipeFailures pipeFailures = RunSummary.PipeFailures.of(pipeline.pipeCounts(), flowed.replayed(),
          pipeline.pipeDeadLettersLeft());
      RunSummary summary = RunSummary.of(runInput.source(), pipeline.pipeCounts(), pipeFailures,
          pipeline.indexer().counts(), log,
          DeadLetters.reasons(deadLetters), live.size(), wiring.visibilitySeconds(),
          settings.queue().visibilityTimeoutSeconds(), startupMs, elapsedMs, convergence, faultReport);
      print(summary, live.size());
      if (keep) {
        keepRunning(engines, pipeline.queues());
      }
      return summary.succeeded() ? 0 : 1;
    }
  }

  private WorkloadShape shape(EnrichmentConfig config, FaultSpec faults) {
    double oversizeShare = oversize == null ? 0 : oversize;
    int oversizeBytes = 0;
    if (oversizeShare > 0) {
      oversizeBytes = config.maxMessageBytes() - Enrichment.MESSAGE_HEADROOM_BYTES + 4096;
      if (oversizeBytes > WorkloadShape.MAX_OVERSIZE_BYTES) {
        throw new UserError("--oversize: with MAX_MESSAGE_BYTES " + config.maxMessageBytes() + " an item too large for a"
            + " message would pass DynamoDB's 400 KB; set MAX_MESSAGE_BYTES to at most "
            + (WorkloadShape.MAX_OVERSIZE_BYTES + Enrichment.MESSAGE_HEADROOM_BYTES - 4096) + " (--env-vars)");
      }
    }
    try {
      return new WorkloadShape(faults.poison(), drift, moves == null ? 0 : moves, oversizeShare, oversizeBytes, viewType);
    } catch (IllegalArgumentException e) {
      throw new UserError("--moves, --oversize: " + e.getMessage(), e);
    }
  }

  /**
   * {@code --matrix}: starts the engines once, then runs every cell as its own {@code run} on them and
   * prints a line per cell as it ends. Exit code 0 only when every cell converged.
   */
  private int matrix() throws Exception {
    if (input.workload == null) {
      throw new UserError("--matrix needs --workload: each cell checks the index against the generated table");
    }
    if (envVars != null || dump != null || keep) {
      throw new UserError("--matrix sets each cell's variables itself: --env-vars, --dump and --keep do not apply");
    }
    List<ConfigurationMatrix.Cell> selected = cells == null ? ConfigurationMatrix.Cell.all()
        : cells.stream().map(ConfigurationMatrix.Cell::parse).toList();
    Status status = new Status(spec.commandLine().getErr(), false);
    try (LocalEngines engines = LocalEngines.start(
        Optional.ofNullable(openSearch), Optional.ofNullable(sqsEndpoint), sqsPort,
        Optional.ofNullable(dynamoDbEndpoint), region, status::line)) {
      List<String> options = new ArrayList<>(List.of("--template", template.toString(),
          "--workload", input.workload.toString(), "--items", Integer.toString(items), "--seed", Long.toString(seed),
          "--moves", Double.toString(moves == null ? 0.1 : moves),
          "--oversize", Double.toString(oversize == null ? 0.05 : oversize),
          "--time-scale", Double.toString(timeScale), "--timeout", timeout.toSeconds() + "s",
          "--region", region, "--opensearch", engines.openSearch().toString(),
          "--sqs-endpoint", engines.sqs().toString(), "--dynamodb-endpoint", engines.dynamoDb().toString()));
      long started = System.nanoTime();
      PrintWriter out = spec.commandLine().getOut();
      ConfigurationMatrix.printHeader(out);
      List<ObjectNode> results = new ConfigurationMatrix(options, faultsText == null ? "" : faultsText, stack,
          logDir.resolve("matrix"), status::line).run(selected, cell -> ConfigurationMatrix.print(cell, out));
      out.printf("matrix: %d of %d cells converged in %.1f s%n",
          results.stream().filter(ConfigurationMatrix::converged).count(), results.size(), (System.nanoTime() - started) / 1e9);
      if (json) {
        out.println(ConfigurationMatrix.json(results));
      }
      out.flush();
      return results.stream().allMatch(ConfigurationMatrix::converged) ? 0 : 1;
    }
  }

  /**
   * Runs the records (or, with --table, the followed stream) through the pipe and the indexer until
   * the queues settle. With faults the
   * indexer starts once the pipe is done, so that every message the pipe dead-letters on purpose is
   * in the dead-letter queue before any poison the indexer puts there: the redrive moves a group in
   * order and stops at the first message it leaves. A fault run then replays what the pipe
   * dead-lettered, from the local stream, and settles again.
   */
  private Flowed flow(LocalEngines engines, LocalPipeline pipeline, RunInput runInput, FaultSpec faults,
      Progress progress, FunctionLog log, Status status) throws Exception {
    boolean faulty = !faults.equals(FaultSpec.NONE);
    Settler settler = new Settler(pipeline.sqs(), pipeline.queues(), engines, timeout, log.file(), progress);
    try {
      if (!faulty) {
        pipeline.indexer();
      }
      if (runInput.followed().isPresent()) {
        pipeline.follow(runInput.followed().get(), status::line, finished, timeout.plusMinutes(1));
      } else {
        Optional<ProgressBar> bar = progress.bar("pipe", runInput.records().size());
        try {
          pipeline.runPipe(runInput.records(), n -> bar.ifPresent(b -> b.stepBy(n)));
        } finally {
          bar.ifPresent(ProgressBar::close);
        }
      }
      SqsEventSourceMapping indexer = pipeline.indexer();
      settler.await(indexer, pipeline.pipeCounts().enriched.get());
      if (!faulty) {
        return new Flowed(Optional.empty(), StreamReplay.Tally.NONE);
      }
      DeadLetterRedrive.Outcome redriven = pipeline.redrive();
      settler.await(indexer, pipeline.pipeCounts().enriched.get());
      status.line("replaying the pipe's dead-lettered batches from the local stream");
      StreamReplay.Tally replayed = pipeline.replayPipeDeadLetters().orElse(StreamReplay.Tally.NONE);
      settler.await(indexer, pipeline.pipeCounts().enriched.get());
      return new Flowed(Optional.of(redriven), replayed);
    } finally {
      pipeline.stopIndexer();
    }
  }

  /** What a fault run's redrive moved, and what its replay of the pipe's dead-letter queue recovered. */
  private record Flowed(Optional<DeadLetterRedrive.Outcome> redriven, StreamReplay.Tally replayed) {}
  /** Counted down when a run has printed its summary, or failed: a Ctrl-C shutdown of --table waits for it. */
  private final CountDownLatch finished = new CountDownLatch(1);

  private void print(RunSummary summary, int live) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(summary.json());
    } else {
      summary.print(out);
      if (dump != null) {
        out.printf("  dump     %d documents written to %s%n", live, dump);
      }
    }
    out.flush();
  }

  /**
   * The template's visibility timeout at {@code scale}, in whole seconds (SQS's unit), and never
   * shorter than the indexer's scaled Timeout: Lambda refuses an SQS event source whose visibility
   * timeout is shorter than the function's, since a batch still running would be delivered again.
   */
  static int visibilitySeconds(int templateSeconds, int indexerTimeoutSeconds, TimeScale scale) {
    long millis = Math.max(scale.apply(Duration.ofSeconds(templateSeconds)).toMillis(),
        scale.timeout(indexerTimeoutSeconds).toMillis());
    return (int) Math.max(1, (millis + 999) / 1000);
  }

  private void keepRunning(LocalEngines engines, LocalQueues queues) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("engines left running (Ctrl-C to stop):");
    out.println("  OpenSearch       " + engines.openSearch());
    out.println("  SQS endpoint     " + engines.sqs());
    out.println("  change queue     " + queues.changes());
    out.println("  dead letters     " + queues.deadLetters());
    out.println("  DynamoDB         " + engines.dynamoDb());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engines.close();
      stopped.countDown();
    }, "ddbsync-keep-shutdown"));
    stopped.await();
  }

  /** One-line status messages on stderr while engines start; silent with --json. */
  record Status(PrintWriter err, boolean quiet) {
    void line(String text) {
      if (!quiet) {
        err.println("ddbsync: " + text);
        err.flush();
      }
    }
  }
}
