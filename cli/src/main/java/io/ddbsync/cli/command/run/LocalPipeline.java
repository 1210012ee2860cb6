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
import io.ddbsync.cli.local.faults.FaultSpec;
import io.ddbsync.cli.local.faults.KillingIndexer;
import io.ddbsync.cli.local.function.Functions;
import io.ddbsync.cli.local.pipe.PipeEmulator;
import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.local.pipe.StreamShards;
import io.ddbsync.cli.local.queue.DeadLetters;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.local.stream.LocalStreams;
import io.ddbsync.cli.local.table.LocalTables;
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.deadletter.RedriveFilter;
import io.ddbsync.cli.shared.opensearch.IndexDump;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.replay.ShardRange;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TimeScale;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local stand-ins wired as pipeline.yaml wires the AWS services: the source table, the Pipes
 * emulator with the enrichment in front of the FIFO change queue and its dead-letter queue (and the
 * pipe's own dead-letter queue, with a local DynamoDB Streams API over the run's records to replay
 * it from), the indexer's event source mapping, and the routed indices with their templates. With OpenSearch
 * faults, the indexer talks to the node through a {@link FaultProxy}; the templates and the dump go
 * to the node directly.
 */
final class LocalPipeline implements AutoCloseable {

  /** The proxy holds a timed-out bulk this long before it drops the connection. */
  static final Duration PROXY_TIMEOUT_DELAY = Duration.ofMillis(200);

  /**
   * @param stack names the local queues and tables, as a stack name would
   * @param visibilitySeconds the change queue's visibility timeout
   * @param timeScale scales the functions' timeouts, the pipe's retry backoff, record age and batching window
   * @param followed a real table the indexer fetches from instead of a local source table
   */
  record Wiring(String stack, String region, int visibilitySeconds, TimeScale timeScale, FaultSpec faults, long seed,
      Optional<FollowedTable> followed) {}

  private final LocalAws functionsSdk;
  private final SqsClient sqs;
  private final DynamoDbClient dynamoDb;
  private final OpenSearchConnection node;
  private final Optional<FaultProxy> proxy;
  private final LocalStreams stream;
  private final Optional<URI> pipeDeadLetters;
  private final RecordFilter filter;
  private final EnrichmentConfig enrichmentConfig;
  private final LocalQueues queues;
  private final List<String> indices;
  /** A new lane of the pipe: one per ParallelizationFactor lane, each with its own enrichment instance. */
  private final Supplier<PipeEmulator> lanes;
  private PipeEmulator.PipeCounts pipeCounts = new PipeEmulator.PipeCounts();
  private final PipelineSettings settings;
  private final Map<String, String> indexerEnvironment;
  private final Wiring wiring;
  private final AtomicLong crashSeeds;
  private final KillingIndexer.Upstreams upstreams;
  private final KillingIndexer.Counts environmentFaults = new KillingIndexer.Counts();
  private Optional<SqsEventSourceMapping> esm = Optional.empty();

  private LocalPipeline(LocalEngines engines, PipelineSettings settings, Wiring wiring, LocalAws functionsSdk,
      SqsClient sqs, DynamoDbClient dynamoDb, OpenSearchConnection node, Optional<FaultProxy> proxy,
      LocalStreams stream, EnrichmentConfig enrichmentConfig, RecordFilter filter,
      Supplier<RequestStreamHandler> enrichment, Map<String, ObjectNode> table) throws IOException {
    this.functionsSdk = functionsSdk;
    this.sqs = sqs;
    this.dynamoDb = dynamoDb;
    this.node = node;
    this.proxy = proxy;
    this.stream = stream;
    this.filter = filter;
    this.enrichmentConfig = enrichmentConfig;
    this.settings = settings;
    this.wiring = wiring;
    this.crashSeeds = new AtomicLong(wiring.seed());
    this.queues = LocalQueues.create(sqs, settings.queue(), wiring.visibilitySeconds(), wiring.region());
    this.pipeDeadLetters = settings.pipeFailures().deadLetterQueueName()
        .map(name -> LocalQueues.createPipeDeadLetters(sqs, name));
    Map<String, String> overrides = engines.indexerOverrides(settings, queues, wiring.stack());
    proxy.ifPresent(p -> overrides.put("OPENSEARCH_ENDPOINT", p.uri().toString()));
    if (wiring.followed().isPresent()) {
      wiring.followed().get().pointIndexerAt(overrides);
    } else {
      if (overrides.containsKey("IDEMPOTENCY_TABLE")) {
        LocalTables.createIdempotencyTable(dynamoDb, overrides.get("IDEMPOTENCY_TABLE"));
      }
      LocalTables.createSourceTable(dynamoDb, overrides.get("TABLE_NAME"), enrichmentConfig.keyAttributes(), table);
    }
    this.indices = EnrichmentSettings.routedIndices(enrichmentConfig);
    IndexTemplates.apply(node, indices);
    if (!wiring.faults().equals(FaultSpec.NONE)) {
      prepareForFaults(node.client(), indices);
    }
    this.indexerEnvironment = settings.indexer().environmentWith(overrides);
    this.upstreams = new KillingIndexer.Upstreams(URI.create(overrides.get("OPENSEARCH_ENDPOINT")), engines.dynamoDb(),
        engines.sqs(), overrides.getOrDefault("IDEMPOTENCY_TABLE", ""));
    FaultSpec faults = wiring.faults();
    AtomicLong laneSeeds = new AtomicLong(wiring.seed());
    this.lanes = () -> new PipeEmulator(filter, enrichment.get(), settings, sqs, queues.changes(),
        new PipeEmulator.DeliveryFaults(faults.duplicate(), faults.redrive(), queues.deadLetters(),
            laneSeeds.getAndIncrement()),
        PipeEmulator.Failures.of(settings, wiring.timeScale(), pipeDeadLetters, LocalStreams.SHARD_ID));
  }

  /**
   * Wires the stand-ins on {@code engines}, with {@code table} as the source table's content and
   * {@code records} in the local stream.
   */
  static LocalPipeline wire(LocalEngines engines, PipelineSettings settings, Wiring wiring,
      EnrichmentConfig enrichmentConfig, RecordFilter filter, Supplier<RequestStreamHandler> enrichment,
      Map<String, ObjectNode> table, List<ObjectNode> records) throws IOException {
    String region = wiring.region();
    // A table followed on AWS is reached with the user's own credentials and region chain.
    LocalAws functionsSdk = wiring.followed().filter(t -> t.endpoint().isEmpty()).isPresent()
        ? LocalAws.forFunctionsOnAwsDynamoDb(region, engines.sqs())
        : LocalAws.forFunctions(region, engines.sqs(), engines.dynamoDb());
    SqsClient sqs = LocalAws.sqs(engines.sqs(), region);
    DynamoDbClient dynamoDb = LocalAws.dynamoDb(engines.dynamoDb(), region);
    OpenSearchConnection node = OpenSearchConnection.plain(engines.openSearch());
    Optional<FaultProxy> proxy = Optional.empty();
    LocalStreams stream = LocalStreams.start(records);
    stream.closeShards();
    try {
      if (wiring.faults().openSearchFaults()) {
        proxy = Optional.of(FaultProxy.start(engines.openSearch(), wiring.faults(), PROXY_TIMEOUT_DELAY, wiring.seed()));
      }
      return new LocalPipeline(engines, settings, wiring, functionsSdk, sqs, dynamoDb, node, proxy, stream,
          enrichmentConfig, filter, enrichment, table);
    } catch (IOException | RuntimeException e) {
      proxy.ifPresent(FaultProxy::close);
      stream.close();
      node.close();
      dynamoDb.close();
      sqs.close();
      functionsSdk.close();
      throw e;
    }
  }

  /**
   * Runs {@code records} through the pipe: one shard, every record in the stream from the start, in
   * ParallelizationFactor lanes keyed by item, with the scaled batching window. {@code progress} is
   * told the records each batch took.
   */
  PipeEmulator.PipeCounts runPipe(List<ObjectNode> records, LongConsumer progress) throws Exception {
    pipeCounts = PipeEmulator.PipeCounts.total(StreamShards.run(StreamShards.allNow(records),
        settings.parallelizationFactor(), settings.pipeBatchSize(),
        wiring.timeScale().apply(Duration.ofSeconds(settings.batchingWindowSeconds())), lanes, progress));
    return pipeCounts;
  }

  /**
   * Follows {@code table}'s stream into one lane of the pipe until Ctrl-C or its idle time: the
   * follower batches per shard and delivers the lanes one after the other, which keeps each item's
   * order.
   */
  void follow(FollowedTable table, Consumer<String> status, CountDownLatch finished, Duration shutdownWait) {
    PipeEmulator lane = lanes.get();
    pipeCounts = lane.counts();
    try {
      table.follow(settings, lane, status, finished, shutdownWait);
    } finally {
      lane.flush();
    }
  }

  /** What the pipe's lanes counted, summed; zero before {@link #runPipe} or {@link #follow}. */
  PipeEmulator.PipeCounts pipeCounts() {
    return pipeCounts;
  }

  SqsClient sqs() {
    return sqs;
  }

  LocalQueues queues() {
    return queues;
  }

  Optional<FaultProxy> proxy() {
    return proxy;
  }

  /** The indexer's event source mapping, started on first call. */
  SqsEventSourceMapping indexer() {
    if (esm.isEmpty()) {
      FaultSpec faults = wiring.faults();
      esm = Optional.of(new SqsEventSourceMapping(sqs, queues.changes(), queues.changesArn(), wiring.region(),
          settings.indexer(), settings.indexerBatchSize(), settings.maximumConcurrency(),
          () -> faults.environmentFaults()
              ? new KillingIndexer(this::indexer, upstreams, faults, crashSeeds.incrementAndGet(), environmentFaults)
              : indexer(Map.of()), wiring.timeScale()));
    }
    return esm.get();
  }

  /** An indexer instance whose environment is the pipeline's, with {@code links} (a killable environment's) over it. */
  private RequestHandler<SQSEvent, SQSBatchResponse> indexer(Map<String, String> links) {
    Map<String, String> environment = new LinkedHashMap<>(indexerEnvironment);
    environment.putAll(links);
    RequestHandler<SQSEvent, SQSBatchResponse> indexer = Functions.sqsHandler(settings.indexer().handler(), environment);
    FaultSpec faults = wiring.faults();
    return faults.crash() > 0 ? new CrashingIndexer(indexer, faults.crash(), crashSeeds.incrementAndGet()) : indexer;
  }

  /** What the kill and idempotency-outage faults did. */
  KillingIndexer.Counts environmentFaults() {
    return environmentFaults;
  }

  /** Stops the indexer's pollers; the counts stay readable. */
  void stopIndexer() {
    esm.ifPresent(SqsEventSourceMapping::close);
  }

  /**
   * Moves back what the queue's RedrivePolicy (or the pipe, on purpose) dead-lettered, with the
   * {@code redrive} command's own mover: messages without the indexer's reason. Poison (a reason
   * such as {@code mapping}) stays, and is checked and reported.
   */
  DeadLetterRedrive.Outcome redrive() {
    DeadLetterRedrive mover = new DeadLetterRedrive(sqs, Duration.ofMinutes(15), 0);
    return mover.move(mover.describe(queues.deadLetters(), "dead-letter queue"),
        mover.describe(queues.changes(), "change queue"),
        new RedriveFilter(Optional.empty(), Optional.of(DeadLetterMessage.RECEIVE_COUNT), Long.MAX_VALUE));
  }

  /**
   * The {@code replay} command's recovery, run on the pipe's dead-letter queue: each batch's range is
   * read back from the local stream and enriched by the enrichment's own code (without the injected
   * failure, as after a fix), then queued. Empty without a pipe dead-letter queue.
   */
  Optional<StreamReplay.Tally> replayPipeDeadLetters() {
    if (pipeDeadLetters.isEmpty()) {
      return Optional.empty();
    }
    try (DynamoDbStreamsClient streams = LocalAws.streams(stream.endpoint(), wiring.region())) {
      StreamReplay replay = new StreamReplay(sqs, new ShardRange(streams), filter, new Enrichment(enrichmentConfig),
          settings.pipeBatchSize());
      return Optional.of(replay.drain(pipeDeadLetters.get(), queues.changes(), false, 60, 0, result -> {}));
    }
  }

  /** Messages left in the pipe's dead-letter queue (visible, in flight or delayed); 0 without one. */
  long pipeDeadLettersLeft() {
    return pipeDeadLetters.map(q -> LocalQueues.depth(sqs, q))
        .map(d -> d.visible() + d.inFlight() + d.delayed()).orElse(0L);
  }

  List<Message> deadLetters() {
    return DeadLetters.readAll(sqs, queues.deadLetters());
  }

  /** Every live document of the routed indices, as {@link IndexDump} writes them. */
  List<ObjectNode> liveDocuments() throws IOException {
    return IndexDump.liveDocuments(node.client(), indices);
  }

  /**
   * A fault run forgets deletes fast ({@code index.gc_deletes} 1 s, default 60 s), so that only the
   * tombstones stop a late older write from resurrecting an item.
   */
  private static void prepareForFaults(OpenSearchClient openSearch, List<String> indices) throws IOException {
    for (String index : indices) {
      openSearch.indices().putSettings(s -> s.index(index).settings(i -> i.gcDeletes(t -> t.time("1s"))));
    }
  }

  @Override
  public void close() {
    stopIndexer();
    proxy.ifPresent(FaultProxy::close);
    stream.close();
    node.close();
    dynamoDb.close();
    sqs.close();
    functionsSdk.close();
  }
}
