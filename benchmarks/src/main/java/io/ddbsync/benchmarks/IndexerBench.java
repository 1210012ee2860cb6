package io.ddbsync.benchmarks;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.dynamodb.local.LocalDynamoDb;
import io.ddbsync.dynamodb.local.Tables;
import io.ddbsync.indexer.Indexer;
import io.ddbsync.indexer.IndexerHandler;
import io.ddbsync.indexer.bulk.BulkSender;
import io.ddbsync.indexer.bulk.ItemResult;
import io.ddbsync.indexer.bulk.OpenSearchBulkSender;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.indexer.idempotency.PowertoolsIdempotencyGuard;
import io.ddbsync.indexer.observe.JsonLog;
import io.ddbsync.indexer.opensearch.OpenSearchClients;
import io.ddbsync.indexer.retry.Backoff;
import io.ddbsync.indexer.retry.RetryingBulkWriter;
import io.ddbsync.indexer.retry.Sleeper;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import io.ddbsync.opensearch.embedded.EmbeddedOpenSearch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Documents per second through {@link IndexerHandler#handleRequest} (SQS events of ten upserts)
 * beside a raw {@code _bulk} of the same ten documents (index operations with external versions)
 * on the same opensearch-java client, against one embedded OpenSearch node in this JVM; then the
 * handler again with Powertools idempotency on dynalite.
 *
 * <p>A plain main rather than JMH: JMH forks one JVM (and so one node) per benchmark, while a ratio
 * of a few percent needs both variants on the same node and JVM, taking turns batch by batch so that
 * drift (JIT, merges, GC, other processes on a shared machine) hits both alike. Each round writes
 * into a fresh index per variant (created and given its mapping before the clock starts); only the
 * calls are timed, not building the batches.
 *
 * <p>Arguments (all optional): {@code rounds=10 warmup=3 seconds=8}.
 */
public final class IndexerBench {

  private static final int BATCH = 10;
  private static final long EPOCH_2020 = 1_577_836_800L;
  private static final long STREAM_SECONDS = 1_718_007_262L;

  private enum Variant {
    RAW_BULK,
    INDEXER,
    INDEXER_IDEMPOTENT
  }

  /** A batch in both shapes: the SQS event for the handler, the upserts for the raw bulk. */
  private record Batch(SQSEvent event, List<Upsert> upserts) {}

  private final OpenSearchClient client;
  private final IndexerHandler plain;
  private final IndexerHandler idempotent;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  /* Per-batch call times of the measured rounds, per variant, for the median latencies. */
  private final List<List<Long>> latencies = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  private boolean measuring;

  private IndexerBench(OpenSearchClient client, IndexerHandler plain, IndexerHandler idempotent) {
    this.client = client;
    this.plain = plain;
    this.idempotent = idempotent;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Integer> options = options(args);
    int rounds = options.getOrDefault("rounds", 10);
    int warmup = options.getOrDefault("warmup", 3);
    Duration roundLength = Duration.ofSeconds(options.getOrDefault("seconds", 8));

    long start = System.nanoTime();
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.start();
        LocalDynamoDb dynalite = LocalDynamoDb.start()) {
      System.err.printf("node and dynalite started in %.1f s%n", (System.nanoTime() - start) / 1e9);
      OpenSearchClient client = OpenSearchClients.plain(node.httpUri());
      DynamoDbClient dynamoDb =
          DynamoDbClient.builder()
              .endpointOverride(dynalite.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
      String table = "idempotency-bench";
      dynamoDb.createTable(
          request ->
              request
                  .tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                  .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
      Tables.awaitActive(dynamoDb, table);
      Clock clock = Clock.systemUTC();
      IndexerBench bench =
          new IndexerBench(
              client,
              handler(client, IdempotencyGuard.OFF, clock),
              handler(client, PowertoolsIdempotencyGuard.dynamoDb(dynamoDb, table, Duration.ofHours(1), clock), clock));
      System.err.printf(
          "document %d bytes, message body %d bytes%n",
          ChangeMessages.MAPPER.writeValueAsBytes(document(0, 0)).length,
          bench.batch(Variant.INDEXER, 0, 0).event().getRecords().get(0).getBody().getBytes(StandardCharsets.UTF_8).length);
      bench.run(rounds, warmup, roundLength);
    }
    System.err.printf("total %.0f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static IndexerHandler handler(OpenSearchClient client, IdempotencyGuard guard, Clock clock) {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Indexer indexer =
        new Indexer(
            new RetryingBulkWriter(new OpenSearchBulkSender(client), 3, Backoff.standard(), clock, Sleeper.REAL),
            java.util.Optional.empty(),
            guard,
            java.util.Optional.empty(),
            clock,
            // The level Lambda runs at: per-message lines are DEBUG, so only the EMF line is written.
            new JsonLog("ddbsync-indexer", JsonLog.Level.INFO, nowhere, clock));
    return new IndexerHandler(indexer, clock, "ddbsync", "ddbsync-indexer", nowhere);
  }

  private void run(int rounds, int warmup, Duration roundLength) throws IOException {
    double[][] rates = new double[Variant.values().length][rounds];
    for (int round = 0; round < warmup + rounds; round++) {
      measuring = round >= warmup;
      double[] rate = round(round, roundLength);
      StringBuilder line = new StringBuilder(round < warmup ? "warm-up " : "round ").append(round).append(':');
      for (Variant variant : Variant.values()) {
        line.append(String.format(" %s=%.0f", variant, rate[variant.ordinal()]));
        if (round >= warmup) {
          rates[variant.ordinal()][round - warmup] = rate[variant.ordinal()];
        }
      }
      System.err.println(line);
    }
    // All variants wrote the same number of batches in every round: the pooled rate (all documents
    // over all call time) weighs every batch alike, whatever the load was in its round.
    double raw = pooledRate(Variant.RAW_BULK);
    double indexer = pooledRate(Variant.INDEXER);
    double idempotent = pooledRate(Variant.INDEXER_IDEMPOTENT);
    double[] paired = new double[rounds];
    double[] extra = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      paired[r] = rates[Variant.INDEXER.ordinal()][r] / rates[Variant.RAW_BULK.ordinal()][r];
      extra[r] = 1e6 / rates[Variant.INDEXER_IDEMPOTENT.ordinal()][r] - 1e6 / rates[Variant.INDEXER.ordinal()][r];
    }
    System.out.printf("per-round indexer/raw ratios: %s%n",
        Arrays.toString(Arrays.stream(paired).mapToObj(r -> String.format("%.3f", r)).toArray()));
    System.out.printf("%d rounds of %d s, batches of %d upserts, %d batches per variant; pooled docs/s (all docs / all call time)%n",
        rounds, roundLength.toSeconds(), BATCH, latencies.get(0).size());
    System.out.printf("raw _bulk:                 %8.0f docs/s%n", raw);
    System.out.printf("indexer (handleRequest):   %8.0f docs/s  ratio %.3f (median of per-round ratios %.3f)%n",
        indexer, indexer / raw, median(paired));
    double rawMedian = medianMicros(Variant.RAW_BULK);
    double indexerMedian = medianMicros(Variant.INDEXER);
    double idempotentMedian = medianMicros(Variant.INDEXER_IDEMPOTENT);
    System.out.printf("median batch latency: raw %.0f us, indexer %.0f us (ratio %.3f), idempotent %.0f us (%.0f us/message extra)%n",
        rawMedian, indexerMedian, rawMedian / indexerMedian, idempotentMedian, (idempotentMedian - indexerMedian) / BATCH);
    double stubbed = stubbedMicrosPerBatch();
    System.out.printf("indexer's own time per batch with the _bulk stubbed out: %.0f us (%.1f us/message)%n",
        stubbed, stubbed / BATCH);
    System.out.printf("indexer + idempotency:     %8.0f docs/s  ratio %.3f; extra %.0f us/message (median per round %.0f)%n",
        idempotent, idempotent / raw, 1e6 / idempotent - 1e6 / indexer, median(extra));
  }

  /**
   * One round: a fresh index per variant, then the variants take turns batch by batch until
   * {@code length} has passed, so that whatever else the machine does hits all of them alike.
   * Returns each variant's documents per second of its own call time.
   */
  private double[] round(int round, Duration length) throws IOException {
    for (Variant variant : Variant.values()) {
      String index = index(variant, round);
      client.indices().create(create -> create.index(index));
      // Give the index its mapping before timing: the first document's dynamic mapping update is a
      // cluster-state change, paid once per index, not per batch.
      rawBulk(index, List.of(upsert(variant, round, -1, 0)));
    }
    long[] busy = new long[Variant.values().length];
    long end = System.nanoTime() + length.toNanos();
    int batches = 0;
    while (System.nanoTime() < end) {
      // Raw and indexer swap places every batch, so each follows the idempotent call (dynalite
      // still busy, SDK garbage) equally often.
      List<Variant> order =
          batches % 2 == 0
              ? List.of(Variant.RAW_BULK, Variant.INDEXER, Variant.INDEXER_IDEMPOTENT)
              : List.of(Variant.INDEXER, Variant.RAW_BULK, Variant.INDEXER_IDEMPOTENT);
      for (Variant variant : order) {
        Batch batch = batch(variant, round, batches);
        long before = System.nanoTime();
        send(variant, index(variant, round), batch);
        long took = System.nanoTime() - before;
        busy[variant.ordinal()] += took;
        if (measuring) {
          latencies.get(variant.ordinal()).add(took);
        }
      }
      batches++;
    }
    double[] rates = new double[Variant.values().length];
    for (Variant variant : Variant.values()) {
      String index = index(variant, round);
      client.indices().refresh(refresh -> refresh.index(index));
      long count = client.count(c -> c.index(index)).count();
      if (count != batches * (long) BATCH + 1) {
        throw new IllegalStateException(index + " holds " + count + " documents, expected " + (batches * BATCH + 1));
      }
      client.indices().delete(delete -> delete.index(index));
      rates[variant.ordinal()] = batches * (double) BATCH / (busy[variant.ordinal()] / 1e9);
    }
    return rates;
  }

  private static String index(Variant variant, int round) {
    return "bench-" + variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + round;
  }

  private void send(Variant variant, String index, Batch batch) throws IOException {
    switch (variant) {
      case RAW_BULK -> rawBulk(index, batch.upserts());
      case INDEXER -> handle(plain, batch.event());
      case INDEXER_IDEMPOTENT -> handle(idempotent, batch.event());
    }
  }

  /** What the indexer's bulk sender sends, minus everything around it. */
  private void rawBulk(String index, List<Upsert> upserts) throws IOException {
    List<BulkOperation> operations = new ArrayList<>(upserts.size());
    for (Upsert upsert : upserts) {
      operations.add(
          BulkOperation.of(
              op ->
                  op.index(
                      i ->
                          i.index(index)
                              .id(upsert.id())
                              .version(upsert.version())
                              .versionType(VersionType.External)
                              .document(upsert.document()))));
    }
    BulkResponse response = client.bulk(BulkRequest.of(bulk -> bulk.operations(operations)));
    if (response.errors()) {
      throw new IllegalStateException("raw _bulk had item errors: " + response.items().get(0).error());
    }
  }

  private static void handle(IndexerHandler handler, SQSEvent event) {
    SQSBatchResponse response = handler.handleRequest(event, CONTEXT);
    if (!response.getBatchItemFailures().isEmpty()) {
      throw new IllegalStateException("the indexer reported failures: " + response.getBatchItemFailures());
    }
  }

  /**
   * Batch {@code n} of a round: ten upserts of distinct items (distinct groups), each version above
   * the previous batch's, addressed to the variant's index of the round (the handler reads it from
   * the message, the raw bulk from the upsert).
   */
  private Batch batch(Variant variant, int round, int n) {
    List<Upsert> upserts = new ArrayList<>(BATCH);
    List<SQSEvent.SQSMessage> messages = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      Upsert upsert = upsert(variant, round, n, i);
      upserts.add(upsert);
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(UUID.nameUUIDFromBytes(upsert.dedupId().getBytes(StandardCharsets.UTF_8)).toString());
      message.setBody(ChangeMessages.write(upsert));
      message.setAttributes(
          Map.of(
              "MessageGroupId", upsert.groupId(),
              "MessageDeduplicationId", upsert.dedupId(),
              "ApproximateReceiveCount", "1",
              "SentTimestamp", "1718007263000"));
      message.setEventSource("aws:sqs");
      message.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:ddbsync-changes.fifo");
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return new Batch(event, upserts);
  }

  private Upsert upsert(Variant variant, int round, int n, int i) {
    String index = index(variant, round);
    int item = (n + 1) * BATCH + i;
    String id = "ORDER#" + (100_000 + item) + "|META";
    long seconds = STREAM_SECONDS + n;
    long version = (seconds - EPOCH_2020) << 32 | (390_911L + item);
    // The dedup id (the stream eventID) is unique per run, so idempotency never finds an old record.
    String eventId = String.format("%s-%s-%d-%08x", runId, variant.ordinal(), round, item);
    ObjectNode keys = ChangeMessages.MAPPER.createObjectNode();
    keys.putObject("pk").put("S", "ORDER#" + (100_000 + item));
    keys.putObject("sk").put("S", "META");
    return new Upsert(1, id, eventId, eventId, index, id, version, keys, seconds, document(item, n));
  }

  /** The enrichment's output for an order item: about 1.3 KB of JSON. */
  private static ObjectNode document(int item, int n) {
    ObjectNode doc = ChangeMessages.MAPPER.createObjectNode();
    doc.put("pk", "ORDER#" + (100_000 + item));
    doc.put("sk", "META");
    doc.put("entityType", "Order");
    doc.put("customerId", "CUSTOMER#" + (1_000 + item % 977));
    doc.put("status", n % 2 == 0 ? "SHIPPED" : "PAID");
    doc.put("total", new BigDecimal("1249.90"));
    doc.put("currency", "EUR");
    doc.put("channel", "web");
    doc.put("shippingAddress", "Karl-Liebknecht-Straße 29, 10178 Berlin, Germany");
    doc.put("note", "Please leave the parcel with the neighbour at number 31 if nobody answers the door.");
    doc.put("giftWrap", item % 2 == 0);
    doc.putNull("coupon");
    doc.putArray("tags").add("priority").add("gift").add("repeat-customer");
    ArrayNode lines = doc.putArray("lines");
    for (int line = 0; line < 8; line++) {
      ObjectNode l = lines.addObject();
      l.put("sku", "SKU-" + (4410 + line));
      l.put("title", "Stoneware mug, 350 ml, glazed");
      l.put("qty", new BigDecimal(1 + line % 3));
      l.put("unitPrice", new BigDecimal("24.99"));
      l.put("weightKg", new BigDecimal("0.42"));
    }
    ObjectNode payment = doc.putObject("payment");
    payment.put("method", "card");
    payment.put("last4", "4242");
    payment.put("authorisedAt", new BigDecimal(STREAM_SECONDS + n));
    doc.put("createdAt", "2024-06-10T08:14:22Z");
    doc.put("updatedAt", "2024-06-10T08:15:0" + (n % 10) + "Z");
    return doc;
  }

  private double pooledRate(Variant variant) {
    List<Long> took = latencies.get(variant.ordinal());
    return took.size() * (double) BATCH / (took.stream().mapToLong(Long::longValue).sum() / 1e9);
  }

  private double medianMicros(Variant variant) {
    return median(latencies.get(variant.ordinal()).stream().mapToDouble(nanos -> nanos / 1e3).toArray());
  }

  /**
   * The handler with a bulk sender that answers "created" without a request: what the indexer costs
   * on top of the {@code _bulk} (parsing, stages, log and EMF lines), free of the node's noise.
   * Document serialisation happens in the client, so it is in both variants and not here.
   */
  private double stubbedMicrosPerBatch() {
    Clock clock = Clock.systemUTC();
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    BulkSender created = items -> items.stream().<ItemResult>map(item -> new ItemResult.Applied(false)).toList();
    IndexerHandler handler =
        new IndexerHandler(
            new Indexer(
                new RetryingBulkWriter(created, 3, Backoff.standard(), clock, Sleeper.REAL),
                java.util.Optional.empty(),
                IdempotencyGuard.OFF,
                java.util.Optional.empty(),
                clock,
                new JsonLog("ddbsync-indexer", JsonLog.Level.INFO, nowhere, clock)),
            clock,
            "ddbsync",
            "ddbsync-indexer",
            nowhere);
    List<SQSEvent> events = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      events.add(batch(Variant.INDEXER, 0, n).event());
    }
    long took = 0;
    int batches = 0;
    // 20 passes of 1,000 batches to warm up (C2 needs them), then 20 timed.
    for (int pass = 0; pass < 40; pass++) {
      long before = System.nanoTime();
      for (SQSEvent event : events) {
        handle(handler, event);
      }
      if (pass >= 20) {
        took += System.nanoTime() - before;
        batches += events.size();
      }
    }
    return took / 1e3 / batches;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static Map<String, Integer> options(String[] args) {
    Map<String, Integer> options = new java.util.HashMap<>();
    for (String arg : args) {
      String[] parts = arg.split("=", 2);
      if (parts.length != 2 || !List.of("rounds", "warmup", "seconds").contains(parts[0])) {
        throw new IllegalArgumentException("arguments are rounds=N warmup=N seconds=N, not '" + arg + "'");
      }
      options.put(parts[0], Integer.parseInt(parts[1]));
    }
    return options;
  }

  /** Lambda's context, as far as the handler reads it: a minute left, like a fresh invocation. */
  private static final Context CONTEXT =
      new Context() {
        @Override
        public String getAwsRequestId() {
          return "bench";
        }

        @Override
        public String getLogGroupName() {
          return "/aws/lambda/ddbsync-indexer";
        }

        @Override
        public String getLogStreamName() {
          return "bench";
        }

        @Override
        public String getFunctionName() {
          return "ddbsync-indexer";
        }

        @Override
        public String getFunctionVersion() {
          return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
          return "arn:aws:lambda:eu-west-1:123456789012:function:ddbsync-indexer";
        }

        @Override
        public CognitoIdentity getIdentity() {
          return null;
        }

        @Override
        public ClientContext getClientContext() {
          return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
          return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
          return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
          return null;
        }
      };
}
