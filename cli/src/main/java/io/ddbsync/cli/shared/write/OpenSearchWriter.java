package io.ddbsync.cli.shared.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;
import io.ddbsync.opensearch.bulk.Tombstone;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.opensearch.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Writes straight to OpenSearch through the indexer's own bulk path ({@link RetryingBulkWriter} over
 * {@link OpenSearchBulkSender}): every write an index operation with {@code version_type=external},
 * tombstones included, so a 409 means the index already holds this version or a newer one: success.
 * Requests are cut at a byte size (5–15 MiB is the usual sweet spot and some instance types refuse
 * over 10 MiB: AWS Knowledge Center, "How do I improve the indexing performance on my OpenSearch
 * Service cluster?"); a refused request or a retryable item (429, 5xx) is retried with backoff, and
 * fails the run when it keeps failing (the checkpoint then resumes from the last page written). Values
 * no mapping can take are kept under {@code @unindexed} as the indexer keeps them.
 */
public final class OpenSearchWriter implements IndexWriter {

  /** 5 MiB per _bulk request. */
  public static final long DEFAULT_BULK_BYTES = 5L * 1024 * 1024;

  private static final int MAX_RETRIES = 7;

  private final RetryingBulkWriter bulk;
  private final long bulkBytes;

  public OpenSearchWriter(OpenSearchClient client, long bulkBytes) {
    this.bulk = new RetryingBulkWriter(new OpenSearchBulkSender(client), MAX_RETRIES,
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), RandomGenerator.getDefault()),
        OpenSearchClients.REQUEST_TIMEOUT, Clock.systemUTC(), Sleeper.REAL);
    this.bulkBytes = bulkBytes;
  }

  @Override
  public long batchBytes() {
    return bulkBytes;
  }

  @Override
  public WriteReport write(List<Write> writes) throws InterruptedException {
    long applied = 0;
    long superseded = 0;
    List<WriteReport.Failed> failed = new ArrayList<>();
    List<BulkItem> chunk = new ArrayList<>();
    long chunkBytes = 0;
    for (int i = 0; i < writes.size(); i++) {
      BulkItem item = item(Integer.toString(i), writes.get(i));
      long bytes = bytes(item);
      if (!chunk.isEmpty() && chunkBytes + bytes > bulkBytes) {
        WriteReport report = send(chunk);
        applied += report.applied();
        superseded += report.superseded();
        failed.addAll(report.failed());
        chunk.clear();
        chunkBytes = 0;
      }
      chunk.add(item);
      chunkBytes += bytes;
    }
    if (!chunk.isEmpty()) {
      WriteReport report = send(chunk);
      applied += report.applied();
      superseded += report.superseded();
      failed.addAll(report.failed());
    }
    return new WriteReport(applied, superseded, failed);
  }

  /** One request's worth, with the indexer's retries; a refused request or what still fails retryably fails the run. */
  private WriteReport send(List<BulkItem> items) throws InterruptedException {
    RetryingBulkWriter.Report report = bulk.write(items, Instant.MAX);
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while writing to OpenSearch");
    }
    if (report.refusal().isPresent()) {
      throw new IllegalStateException("_bulk refused: " + report.refusal().get());
    }
    long applied = 0;
    long superseded = 0;
    List<WriteReport.Failed> failed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      BulkItem item = items.get(i);
      ItemResult result = report.results().get(i);
      if (result instanceof ItemResult.Applied a) {
        if (a.conflict()) {
          superseded++;
        } else {
          applied++;
        }
      } else if (result instanceof ItemResult.Retryable r) {
        throw new IllegalStateException("_bulk still failing after " + (MAX_RETRIES + 1) + " attempts (first: "
            + item.index() + "/" + item.id() + "): " + r.reason());
      } else {
        ItemResult.Permanent p = (ItemResult.Permanent) result;
        failed.add(new WriteReport.Failed(item.index(), item.id(), p.reason()));
      }
    }
    return new WriteReport(applied, superseded, failed);
  }

  private static BulkItem item(String id, Write write) {
    if (write instanceof Write.Document d) {
      return new BulkItem(id, d.index(), d.id(), d.version(), d.item().document(), false);
    }
    Write.Tombstone t = (Write.Tombstone) write;
    return new BulkItem(id, t.index(), t.id(), t.version(), Tombstone.document(t.deletedAt(), false), true);
  }

  /** The item's share of the request body: its document, as the transport serialises it. */
  private static long bytes(BulkItem item) {
    try {
      return ChangeMessages.MAPPER.writeValueAsBytes(item.document()).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise document " + item.index() + "/" + item.id(), e);
    }
  }
}
