package io.ddbsync.cli.command.run;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.engine.LocalAws;
import io.ddbsync.cli.local.engine.LocalEngines;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
import io.ddbsync.cli.local.faults.CrashingIndexer;
import io.ddbsync.cli.local.faults.FaultProxy;
import io.ddbsync.cli.local.faults.FaultReport;
import io.ddbsync.cli.local.faults.FaultSpec;
import io.ddbsync.cli.local.faults.KillingIndexer;
import io.ddbsync.cli.local.function.FunctionLog;
import io.ddbsync.cli.local.function.Functions;
import io.ddbsync.cli.local.pipe.JsonPath;
import io.ddbsync.cli.local.pipe.PipeEmulator;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.queue.DeadLetters;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.table.LocalTables;
import io.ddbsync.cli.local.workload.Convergence;
import io.ddbsync.cli.local.workload.Workload;
import io.ddbsync.cli.local.workload.WorkloadGenerator;
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.deadletter.RedriveFilter;
import io.ddbsync.cli.shared.duration.Seconds;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.events.StreamRecords;
import io.ddbsync.cli.shared.opensearch.IndexDump;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.opensearch.client.opensearch.OpenSearchClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
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
  }

  @Option(names = "--items", defaultValue = "300", paramLabel = "M", description = "Items the workload changes (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--faults", paramLabel = "SPEC",
      description = {"With --workload: inject faults and check convergence, e.g.",
          "os429=0.1,os503=0.05,timeout=0.02,item429=0.1,item503=0.02,crash=0.05,kill=0.05,idem=0.1,duplicate=0.1,",
          "poison=0.01,redrive=0.05"})
  String faultsText;

  /** Parsed from --faults; null without it. */
  private FaultSpec faults;

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
    int visibilitySeconds = visibilitySeconds();

    faults = faultsText == null ? null : FaultSpec.parse(faultsText);
    if (faults != null && input.workload == null) {
      throw new UserError("--faults needs --workload: the convergence check compares the index with the generated table");
    }
    String source;
    List<ObjectNode> records;
    Map<String, ObjectNode> table;
    Optional<Workload> generated = Optional.empty();
    if (input.workload != null) {
      Workload workload = new WorkloadGenerator(seed, WorkloadGenerator.keyAttributes(enrichmentConfig))
          .generate(input.workload, items, faults == null ? 0 : faults.poison());
      source = "a generated workload (" + input.workload + " changes over " + items + " items, seed " + seed + ")";
      records = workload.records();
      table = workload.table();
      generated = Optional.of(workload);
    } else {
      List<Path> paths = input.events == null ? List.of(Path.of("samples", "enrichment")) : input.events;
      records = StreamRecords.load(paths);
      source = String.join(", ", paths.stream().map(Path::toString).toList());
      table = LocalTables.finalItems(records);
    }

    try (FunctionLog log = FunctionLog.open(logDir.resolve("functions.log")).capture()) {
      // Built once the log captures stdout: a function keeps the stdout it finds at construction.
      RequestStreamHandler enrichment = Functions.instantiate(
          settings.enrichment().handler(), settings.enrichment().environment(), RequestStreamHandler.class);
      return run(settings, filter, enrichment, enrichmentConfig, visibilitySeconds, source, records, table, generated, log);
    }
  }

  private int run(PipelineSettings settings, RecordFilter filter, RequestStreamHandler enrichment,
      EnrichmentConfig enrichmentConfig, int visibilitySeconds, String source, List<ObjectNode> records,
      Map<String, ObjectNode> table, Optional<Workload> workload, FunctionLog log) throws Exception {
    FaultSpec injected = faults == null ? FaultSpec.NONE : faults;
    PrintWriter out = spec.commandLine().getOut();
    Status status = new Status(spec.commandLine().getErr(), json);
    long startup = System.nanoTime();
    try (LocalEngines engines = LocalEngines.start(
            Optional.ofNullable(openSearch), Optional.ofNullable(sqsEndpoint), sqsPort,
            Optional.ofNullable(dynamoDbEndpoint), region, status::line);
        LocalAws functionsSdk = LocalAws.forFunctions(region, engines.sqs(), engines.dynamoDb());
        SqsClient sqs = LocalAws.sqs(engines.sqs(), region);
        DynamoDbClient dynamoDb = LocalAws.dynamoDb(engines.dynamoDb(), region);
        OpenSearchConnection node = OpenSearchConnection.plain(engines.openSearch());
        // Only the indexer talks to the proxy; the templates and the dump go to the node directly.
        FaultProxy proxy = injected.openSearchFaults()
            ? FaultProxy.start(engines.openSearch(), injected, PROXY_TIMEOUT_DELAY, seed) : null) {
      LocalQueues queues = LocalQueues.create(sqs, settings.queue(), visibilitySeconds, region);
      Map<String, String> overrides = engines.indexerOverrides(settings, queues, stack);
      if (proxy != null) {
        overrides.put("OPENSEARCH_ENDPOINT", proxy.uri().toString());
      }
      if (overrides.containsKey("IDEMPOTENCY_TABLE")) {
        LocalTables.createIdempotencyTable(dynamoDb, overrides.get("IDEMPOTENCY_TABLE"));
      }
      LocalTables.createSourceTable(dynamoDb, overrides.get("TABLE_NAME"), enrichmentConfig.keyAttributes(), table);
      List<String> indices = EnrichmentSettings.routedIndices(enrichmentConfig);
      IndexTemplates.apply(node, indices);
      if (faults != null) {
        prepareForFaults(node.client(), indices, injected);
      }
      Map<String, String> indexerEnvironment = settings.indexer().environmentWith(overrides);
      long startupMs = (System.nanoTime() - startup) / 1_000_000;

      status.line("running " + records.size() + " records through the pipe");
      long started = System.nanoTime();
      PipeEmulator pipe = new PipeEmulator(filter, enrichment, settings, sqs, queues.changes(),
          new PipeEmulator.DeliveryFaults(injected.duplicate(), injected.redrive(), queues.deadLetters(), seed));
      AtomicLong crashSeeds = new AtomicLong(seed);
      Function<Map<String, String>, RequestHandler<SQSEvent, SQSBatchResponse>> indexers = links -> {
        Map<String, String> environment = new LinkedHashMap<>(indexerEnvironment);
        environment.putAll(links);
        RequestHandler<SQSEvent, SQSBatchResponse> indexer = Functions.sqsHandler(settings.indexer().handler(), environment);
        return injected.crash() > 0 ? new CrashingIndexer(indexer, injected.crash(), crashSeeds.incrementAndGet()) : indexer;
      };
      KillingIndexer.Upstreams upstreams = new KillingIndexer.Upstreams(
          URI.create(overrides.get("OPENSEARCH_ENDPOINT")), engines.dynamoDb(), engines.sqs(),
          overrides.getOrDefault("IDEMPOTENCY_TABLE", ""));
      KillingIndexer.Counts environmentFaults = new KillingIndexer.Counts();
      Supplier<SqsEventSourceMapping> startIndexer = () -> new SqsEventSourceMapping(sqs, queues.changes(),
          queues.changesArn(), region, settings.indexer(), settings.indexerBatchSize(), settings.maximumConcurrency(),
          () -> injected.environmentFaults()
              ? new KillingIndexer(indexers, upstreams, injected, crashSeeds.incrementAndGet(), environmentFaults)
              : indexers.apply(Map.of()));
      SqsEventSourceMapping esm = null;
      try (ProgressBar bar = progress("pipe", records.size(), log.terminal())) {
        if (faults == null) {
          esm = startIndexer.get();
        }
        pipe.run(records, n -> {
          if (bar != null) {
            bar.stepBy(n);
          }
        });
      }
      DeadLetterRedrive.Outcome redriven = null;
      try {
        if (esm == null) {
          // With faults the indexer starts once the pipe is done, so that every message the pipe
          // dead-letters on purpose is in the dead-letter queue before any poison the indexer puts
          // there: the redrive moves a group in order and stops at the first message it leaves.
          esm = startIndexer.get();
        }
        awaitSettled(sqs, queues, esm, pipe, engines, log.terminal());
        if (faults != null) {
          redriven = redrive(sqs, queues);
          awaitSettled(sqs, queues, esm, pipe, engines, log.terminal());
        }
      } finally {
        if (esm != null) {
          esm.close();
        }
      }
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      List<Message> deadLetters = DeadLetters.readAll(sqs, queues.deadLetters());
      Map<String, Long> deadLetterReasons = DeadLetters.reasons(deadLetters);
      List<ObjectNode> live = IndexDump.liveDocuments(node.client(), indices);
      if (dump != null) {
        IndexDump.write(dump, live);
      }
      Optional<Convergence> convergence = workload.map(w -> Convergence.check(w, new Enrichment(enrichmentConfig),
          live, deadLetters.stream().map(DeadLetterMessage::of).toList()));
      Optional<FaultReport> faultReport = Optional.empty();
      if (faults != null) {
        faultReport = Optional.of(new FaultReport(faultsText, proxy == null ? FaultReport.ProxyCounts.NONE
            : FaultReport.ProxyCounts.of(proxy.counts()), FaultReport.EnvironmentCounts.of(environmentFaults),
            pipe.counts().duplicatesSent.get(), pipe.counts().deadLetteredOnPurpose.get(), redriven.moved().total(),
            deadLetters.size()));
      }
      RunSummary summary = summary(source, pipe, esm, log, deadLetterReasons, live.size(), visibilitySeconds,
          settings.queue().visibilityTimeoutSeconds(), startupMs, elapsedMs, convergence, faultReport);
      if (json) {
        out.println(summary.json());
      } else {
        summary.print(out);
        if (dump != null) {
          out.printf("  dump     %d documents written to %s%n", live.size(), dump);
        }
      }
      out.flush();
      if (keep) {
        keepRunning(out, engines, queues);
      }
      return summary.succeeded() ? 0 : 1;
    }
  }

  /** The proxy holds a timed-out bulk this long before it drops the connection. */
  static final Duration PROXY_TIMEOUT_DELAY = Duration.ofMillis(200);

  /**
   * A fault run forgets deletes fast ({@code index.gc_deletes} 1 s, default 60 s), so that only the
   * tombstones stop a late older write from resurrecting an item. With poison it also maps the
   * workload's {@code flip} as a number up front, as an index that has seen the item before would:
   * otherwise a poisoned string could be the first value an index sees and become the mapping.
   */
  private static void prepareForFaults(OpenSearchClient openSearch, List<String> indices, FaultSpec spec)
      throws IOException {
    for (String index : indices) {
      openSearch.indices().putSettings(s -> s.index(index).settings(i -> i.gcDeletes(t -> t.time("1s"))));
      if (spec.poison() > 0) {
        openSearch.indices().putMapping(m -> m.index(index).properties("flip", p -> p.double_(d -> d)));
      }
    }
  }

  /**
   * Moves back what the queue's RedrivePolicy (or the pipe, on purpose) dead-lettered, with the
   * {@code redrive} command's own mover: messages without the indexer's reason. Poison (a reason
   * such as {@code mapping}) stays, and is checked and reported.
   */
  private static DeadLetterRedrive.Outcome redrive(SqsClient sqs, LocalQueues queues) {
    DeadLetterRedrive mover = new DeadLetterRedrive(sqs, Duration.ofMinutes(15), 0);
    return mover.move(mover.describe(queues.deadLetters(), "dead-letter queue"),
        mover.describe(queues.changes(), "change queue"),
        new RedriveFilter(Optional.empty(), Optional.of(DeadLetterMessage.RECEIVE_COUNT), Long.MAX_VALUE));
  }

  private int visibilitySeconds() {
    long seconds = visibilityTimeout.toSeconds();
    if (seconds < 0 || seconds > 43_200 || visibilityTimeout.toMillis() % 1000 != 0) {
      throw new UserError("--visibility-timeout must be whole seconds from 0 to 12h (SQS's range), not " + visibilityTimeout);
    }
    return (int) seconds;
  }

  /**
   * Waits until nothing is left to do: the change queue holds no message (visible, in flight or
   * delayed), no poller holds a batch, and nothing is in flight on the dead-letter queue. A failed
   * message stays in flight until its visibility timeout, then comes back, so this also waits for
   * redeliveries and for moves to the dead-letter queue.
   */
  private void awaitSettled(SqsClient sqs, LocalQueues queues, SqsEventSourceMapping esm, PipeEmulator pipe,
      LocalEngines engines, PrintStream terminal) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long expected = pipe.counts().enriched.get();
    try (ProgressBar bar = progress("index", expected, terminal)) {
      while (true) {
        engines.ensureDynamoDbRunning();
        LocalQueues.Depth changes = LocalQueues.depth(sqs, queues.changes());
        if (bar != null) {
          bar.stepTo(Math.max(0, expected - changes.visible() - changes.inFlight()));
        }
        if (changes.empty() && esm.idle() && LocalQueues.depth(sqs, queues.deadLetters()).inFlight() == 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new UserError("the change queue did not settle within " + timeout + ": " + changes.visible()
              + " visible and " + changes.inFlight() + " in-flight messages left (raise --timeout, or see "
              + logDir.resolve("functions.log") + ")");
        }
        Thread.sleep(100); // polling interval of the condition above, bounded by the deadline
      }
    }
  }

  private RunSummary summary(String source, PipeEmulator pipe, SqsEventSourceMapping esm, FunctionLog log,
      Map<String, Long> deadLetterReasons, long live, int visibility, int templateVisibility, long startupMs,
      long elapsedMs, Optional<Convergence> convergence, Optional<FaultReport> faultReport) {
    PipeEmulator.PipeCounts p = pipe.counts();
    SqsEventSourceMapping.EsmCounts e = esm.counts();
    String lastError = !p.lastError.get().isEmpty() ? p.lastError.get() : e.lastError.get();
    return new RunSummary(
        source,
        p.records.get(),
        p.filteredOut.get(),
        p.skipped.get(),
        p.enriched.get(),
        p.failedRecords.get(),
        log.metric("indexed"),
        log.metric("deleted"),
        log.metric("conflicts"),
        log.metric("duplicates"),
        log.metric("gone"),
        log.metric("IdempotencyUnavailable"),
        deadLetterReasons.values().stream().mapToLong(Long::longValue).sum(),
        deadLetterReasons,
        e.redelivered.get(),
        e.invocations.get(),
        e.reportedFailures.get(),
        e.handlerErrors.get(),
        log.metric("retried"),
        live,
        visibility,
        templateVisibility,
        startupMs,
        elapsedMs,
        log.file().toString(),
        lastError,
        convergence,
        faultReport);
  }

  private void keepRunning(PrintWriter out, LocalEngines engines, LocalQueues queues) throws InterruptedException {
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

  private ProgressBar progress(String task, long max, PrintStream terminal) {
    if (json || System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(terminal))
        .build();
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
