package io.ddbsync.cli.command.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.engine.LocalEngines;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
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
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.duration.Seconds;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.IndexDump;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
          "poison=0.01,redrive=0.05"})
  String faultsText;

  @Option(names = "--opensearch", paramLabel = "URL", description = "Use this OpenSearch instead of an embedded node.")
  URI openSearch;

  @Option(names = "--sqs-port", defaultValue = "0", description = "Port of the local SQS server (default: any free port).")
  int sqsPort;

  @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "Use this SQS-compatible endpoint instead of ElasticMQ.")
  URI sqsEndpoint;

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "Use this DynamoDB-compatible endpoint instead of dynalite.")
  URI dynamoDbEndpoint;

  @Option(names = "--visibility-timeout", defaultValue = "5s", converter = Seconds.class,
      description = "Visibility timeout of the local queue: how long a failed message waits before it is"
          + " redelivered (default: ${DEFAULT-VALUE}; the template's is minutes).")
  Duration visibilityTimeout;

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
    RunInput runInput = input.table != null
        ? RunInput.followed(new FollowedTable(input.table, Optional.ofNullable(dynamoDbEndpoint), region,
            FollowedTable.startingPosition(from), Optional.ofNullable(untilIdle)))
        : input.workload == null
            ? RunInput.events(input.events == null ? List.of(Path.of("samples", "enrichment")) : input.events)
            : RunInput.generated(new WorkloadGenerator(seed, WorkloadGenerator.keyAttributes(enrichmentConfig))
                .generate(input.workload, items, faults.poison()), input.workload, items, seed);
    LocalPipeline.Wiring wiring = new LocalPipeline.Wiring(stack, region, visibilitySeconds(), faults, seed,
        runInput.followed());

    try (FunctionLog log = FunctionLog.open(logDir.resolve("functions.log")).capture()) {
      return run(settings, filter, enrichmentConfig, wiring, runInput, log);
    } finally {
      finished.countDown(); // also when the run fails: a Ctrl-C shutdown must not wait for a summary that never comes
    }
  }

  private int run(PipelineSettings settings, RecordFilter filter, EnrichmentConfig enrichmentConfig,
      LocalPipeline.Wiring wiring, RunInput runInput, FunctionLog log) throws Exception {
    // Built once the log captures stdout: a function keeps the stdout it finds at construction.
    RequestStreamHandler enrichment = Functions.instantiate(
        settings.enrichment().handler(), settings.enrichment().environment(), RequestStreamHandler.class);
    Status status = new Status(spec.commandLine().getErr(), json);
    Progress progress = new Progress(json, log.terminal());
    long startup = System.nanoTime();
    try (LocalEngines engines = LocalEngines.start(Optional.ofNullable(openSearch), Optional.ofNullable(sqsEndpoint),
            sqsPort, Optional.ofNullable(dynamoDbEndpoint), region, status::line);
        LocalPipeline pipeline = LocalPipeline.wire(engines, settings, wiring, enrichmentConfig, filter, enrichment,
            runInput.table())) {
      long startupMs = (System.nanoTime() - startup) / 1_000_000;
      status.line(runInput.followed().isPresent() ? "following " + runInput.source()
          : "running " + runInput.records().size() + " records through the pipe");
      long started = System.nanoTime();
      Optional<DeadLetterRedrive.Outcome> redriven = flow(engines, settings, pipeline, runInput, status, progress, log);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      List<Message> deadLetters = pipeline.deadLetters();
      List<ObjectNode> live = pipeline.liveDocuments();
      if (dump != null) {
        IndexDump.write(dump, live);
      }
      Optional<Convergence> convergence = runInput.workload().map(w -> Convergence.check(w,
          new Enrichment(enrichmentConfig), live, deadLetters.stream().map(DeadLetterMessage::of).toList()));
      Optional<FaultReport> faultReport = redriven.map(outcome -> new FaultReport(faultsText,
          pipeline.proxy().map(p -> FaultReport.ProxyCounts.of(p.counts())).orElse(FaultReport.ProxyCounts.NONE),
          FaultReport.EnvironmentCounts.of(pipeline.environmentFaults()), pipeline.pipe().counts().duplicatesSent.get(), pipeline.pipe().counts().deadLetteredOnPurpose.get(),
          outcome.moved().total(), deadLetters.size()));
      RunSummary summary = RunSummary.of(runInput.source(), pipeline.pipe().counts(), pipeline.indexer().counts(), log,
          DeadLetters.reasons(deadLetters), live.size(), wiring.visibilitySeconds(),
          settings.queue().visibilityTimeoutSeconds(), startupMs, elapsedMs, convergence, faultReport);
      print(summary, live.size());
      if (keep) {
        keepRunning(engines, pipeline.queues());
      }
      return summary.succeeded() ? 0 : 1;
    }
  }

  /**
   * Runs the records (or, with --table, the followed stream) through the pipe and the indexer until
   * the queues settle. With faults the
   * indexer starts once the pipe is done, so that every message the pipe dead-letters on purpose is
   * in the dead-letter queue before any poison the indexer puts there: the redrive moves a group in
   * order and stops at the first message it leaves. Returns what the redrive of a fault run moved.
   */
  private Optional<DeadLetterRedrive.Outcome> flow(LocalEngines engines, PipelineSettings settings,
      LocalPipeline pipeline, RunInput runInput, Status status, Progress progress, FunctionLog log)
      throws InterruptedException {
    boolean faulty = !pipeline.faults().equals(FaultSpec.NONE);
    Settler settler = new Settler(pipeline.sqs(), pipeline.queues(), engines, timeout, log.file(), progress);
    try {
      if (!faulty) {
        pipeline.indexer();
      }
      if (runInput.followed().isPresent()) {
        runInput.followed().get().follow(settings, pipeline.pipe(), status::line, finished, timeout.plusMinutes(1));
      } else {
        Optional<ProgressBar> bar = progress.bar("pipe", runInput.records().size());
        try {
          pipeline.pipe().run(runInput.records(), n -> bar.ifPresent(b -> b.stepBy(n)));
        } finally {
          bar.ifPresent(ProgressBar::close);
        }
      }
      SqsEventSourceMapping indexer = pipeline.indexer();
      settler.await(indexer, pipeline.pipe().counts().enriched.get());
      if (!faulty) {
        return Optional.empty();
      }
      DeadLetterRedrive.Outcome redriven = pipeline.redrive();
      settler.await(indexer, pipeline.pipe().counts().enriched.get());
      return Optional.of(redriven);
    } finally {
      pipeline.stopIndexer();
    }
  }

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

  private int visibilitySeconds() {
    long seconds = visibilityTimeout.toSeconds();
    if (seconds < 0 || seconds > 43_200 || visibilityTimeout.toMillis() % 1000 != 0) {
      throw new UserError("--visibility-timeout must be whole seconds from 0 to 12h (SQS's range), not " + visibilityTimeout);
    }
    return (int) seconds;
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
