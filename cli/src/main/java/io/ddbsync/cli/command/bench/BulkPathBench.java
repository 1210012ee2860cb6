package io.ddbsync.cli.command.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.MessageHeader;
import io.ddbsync.message.Upsert;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

/**
 * The indexer's code path beside a plain {@code _bulk} of the same documents through the same
 * client, on one OpenSearch node. {@code concurrency} writers (the template's MaximumConcurrency: as
 * many indexer environments as Lambda runs at once) each write their share of the upserts in batches
 * of {@value #BATCH}, an item always in the same share and in stream order, as a FIFO queue hands
 * them out. Each writer writes every batch twice, once per variant, each into its own fresh index
 * of the round, taking turns over which goes first: both variants run at the same time on the same
 * node, so load and drift (merges, GC, JIT, other processes) hit them alike. A variant's rate is its
 * documents over its share of the writers' time; each round checks with {@code _count} that every
 * item arrived in both indices.
 *
 * <p>With attribute types that differ between items ({@code refusalsExpected}), raw {@code _bulk}
 * loses the documents the mapping refuses (counted, not retried), while the indexer keeps every one,
 * resending those it must with values moved aside: the ratio then prices that rule against a writer
 * that does less.
 */
final class BulkPathBench {

  static final int BATCH = 10;

  /** The id of a document written before the clock starts, so that the mapping is in place. */
  private static final String PRIMER = "bench-mapping-primer";

  /**
   * Documents per second of each variant over all measured rounds, each round's ratio, and the
   * documents raw {@code _bulk} had refused in the measured rounds.
   */
  record Result(double rawDocsPerSec, double indexerDocsPerSec, List<Double> roundRatios, long rawRefused) {
    double ratio() {
      return indexerDocsPerSec / rawDocsPerSec;
    }
  }

  private final OpenSearchConnection openSearch;
  private final List<List<Upsert>> shares = new ArrayList<>();
  private final long items;
  private final List<OpenSearchClient> clients = new ArrayList<>();
  private final List<RequestHandler<SQSEvent, SQSBatchResponse>> indexers = new ArrayList<>();
  private final Supplier<Context> context;
  private final String queueArn;
  private final boolean refusalsExpected;
  private final AtomicLong rawRefused = new AtomicLong();

  BulkPathBench(OpenSearchConnection openSearch, List<Upsert> upserts, int concurrency,
      Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> indexer, Supplier<Context> context, String queueArn,
      boolean refusalsExpected) {
    this.openSearch = openSearch;
    for (int i = 0; i < concurrency; i++) {
      shares.add(new ArrayList<>());
      clients.add(OpenSearchClients.plain(openSearch.url()));
      indexers.add(indexer.get());
    }
    upserts.forEach(u -> shares.get(Math.floorMod(u.groupId().hashCode(), concurrency)).add(u));
    this.items = upserts.stream().map(Upsert::id).distinct().count();
    this.context = context;
    this.queueArn = queueArn;
    this.refusalsExpected = refusalsExpected;
  }

  Result run(int warmupRounds, int rounds) throws Exception {
    long rawNanos = 0;
    long indexerNanos = 0;
    List<Double> ratios = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(shares.size());
    try {
      for (int round = 0; round < warmupRounds + rounds; round++) {
        if (round == warmupRounds) {
          rawRefused.set(0);
        }
        long[] took = round(threads, round);
        if (round >= warmupRounds) {
          rawNanos += took[0];
          indexerNanos += took[1];
          ratios.add((double) took[0] / took[1]);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    long documents = (long) rounds * shares.stream().mapToInt(List::size).sum();
    // Each variant had the writers for its share of their time: its rate as if it had them all.
    double writers = shares.size();
    return new Result(documents * writers / (rawNanos / 1e9), documents * writers / (indexerNanos / 1e9), ratios,
        rawRefused.get());
  }

  /** One round into fresh indices; returns the writers' summed call time of each variant, in nanoseconds. */
  private long[] round(ExecutorService writers, int round) throws Exception {
    String rawIndex = "bench-raw-" + round;
    String indexerIndex = "bench-indexer-" + round;
    prepare(rawIndex);
    prepare(indexerIndex);
    List<Callable<long[]>> tasks = new ArrayList<>();
    for (int share = 0; share < shares.size(); share++) {
      tasks.add(writer(clients.get(share), indexers.get(share), shares.get(share), rawIndex, indexerIndex));
    }
    long[] took = new long[2];
    for (Future<long[]> task : writers.invokeAll(tasks)) {
      took[0] += task.get()[0];
      took[1] += task.get()[1];
    }
    for (String index : List.of(rawIndex, indexerIndex)) {
      OpenSearchClient client = openSearch.client();
      client.indices().refresh(r -> r.index(index));
      long count = client.count(c -> c.index(index)).count();
      boolean mayLack = refusalsExpected && index.equals(rawIndex);
      if (mayLack ? count > items + 1 : count != items + 1) {
        throw new IllegalStateException(index + " holds " + count + " documents after the round, expected "
            + (items + 1) + " (the items and the mapping primer)");
      }
      client.indices().delete(d -> d.index(IndexLayout.generation(index, 1)));
      client.indices().deleteIndexTemplate(d -> d.name("ddbsync-" + index));
    }
    return took;
  }

  /** A writer's share, every batch written once per variant; returns its call time per variant. */
  private Callable<long[]> writer(OpenSearchClient client, RequestHandler<SQSEvent, SQSBatchResponse> indexer,
      List<Upsert> share, String rawIndex, String indexerIndex) {
    List<List<Upsert>> rawBatches = batches(share, rawIndex);
    List<SQSEvent> events = batches(share, indexerIndex).stream().map(this::event).toList();
    return () -> {
      long[] took = new long[2];
      for (int i = 0; i < rawBatches.size(); i++) {
        for (int turn = 0; turn < 2; turn++) {
          boolean raw = (i + turn) % 2 == 0;
          long start = System.nanoTime();
          if (raw) {
            rawBulk(client, rawBatches.get(i));
          } else {
            invoke(indexer, events.get(i));
          }
          took[raw ? 0 : 1] += System.nanoTime() - start;
        }
      }
      return took;
    };
  }

  private static List<List<Upsert>> batches(List<Upsert> share, String index) {
    List<List<Upsert>> batches = new ArrayList<>();
    for (int from = 0; from < share.size(); from += BATCH) {
      batches.add(share.subList(from, Math.min(share.size(), from + BATCH)).stream().map(u -> toIndex(u, index)).toList());
    }
    return batches;
  }

  /** The index with its template, and its mapping made by a first document, before the clock starts. */
  private void prepare(String index) {
    IndexTemplates.apply(openSearch, List.of(index));
    Upsert any = shares.stream().filter(share -> !share.isEmpty()).findFirst().orElseThrow().get(0);
    rawBulk(clients.get(0), List.of(new Upsert(MessageHeader.of(PRIMER, PRIMER, PRIMER), index, PRIMER, 1, any.keys(),
        any.streamTime(), any.document())));
  }

  private void invoke(RequestHandler<SQSEvent, SQSBatchResponse> indexer, SQSEvent event) {
    SQSBatchResponse response = indexer.handleRequest(event, context.get());
    if (!response.getBatchItemFailures().isEmpty()) {
      throw new IllegalStateException("the indexer reported " + response.getBatchItemFailures().size()
          + " failed messages; see the function log");
    }
  }

  /** What the indexer's bulk sender sends for upserts, and nothing around it. */
  private void rawBulk(OpenSearchClient client, List<Upsert> upserts) {
    List<BulkOperation> operations = new ArrayList<>(upserts.size());
    for (Upsert upsert : upserts) {
      operations.add(BulkOperation.of(op -> op.index(i -> i.index(upsert.index()).id(upsert.id())
          .version(upsert.version()).versionType(VersionType.External).document(upsert.document()))));
    }
    BulkResponse response;
    try {
      response = client.bulk(bulk -> bulk.operations(operations));
    } catch (IOException e) {
      throw new UncheckedIOException("raw _bulk failed", e);
    }
    long refused = response.items().stream().filter(item -> item.status() == 400).count();
    rawRefused.addAndGet(refused);
    if (response.errors() && !(refusalsExpected && refused == response.items().stream().filter(i -> i.error() != null).count())) {
      throw new IllegalStateException("raw _bulk had item errors, first: " + response.items().stream()
          .filter(item -> item.error() != null).findFirst().map(item -> item.error().reason()).orElse(""));
    }
  }

  /** The event Lambda's SQS event source mapping would build for these messages. */
  private SQSEvent event(List<Upsert> upserts) {
    List<SQSEvent.SQSMessage> messages = new ArrayList<>(upserts.size());
    for (Upsert upsert : upserts) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(UUID.randomUUID().toString());
      message.setBody(ChangeMessages.write(upsert));
      message.setAttributes(Map.of(
          "MessageGroupId", upsert.groupId(),
          "MessageDeduplicationId", upsert.dedupId(),
          "ApproximateReceiveCount", "1",
          "SentTimestamp", Long.toString(upsert.streamTime() * 1000)));
      message.setEventSource("aws:sqs");
      message.setEventSourceArn(queueArn);
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }

  private static Upsert toIndex(Upsert u, String index) {
    return new Upsert(u.header(), index, u.id(), u.version(), u.keys(), u.streamTime(), u.document());
  }
}
