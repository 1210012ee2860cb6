package io.ddbsync.cli.shared.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.opensearch.OpenSearchHttp;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.bulk.ItemErrors;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.retry.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Writes straight to OpenSearch with {@code _bulk}: every write an index operation with
 * {@code version_type=external}, exactly as the indexer writes (tombstones included), so a 409 means
 * the index already holds this version or a newer one: success. Requests are cut at a byte size
 * (5–15 MiB is the usual sweet spot and some instance types refuse over 10 MiB: AWS Knowledge Center,
 * "How do I improve the indexing performance on my OpenSearch Service cluster?"); a refused request or
 * a retryable item (429, 5xx) is retried with backoff, and fails the run when it keeps failing (the
 * checkpoint then resumes from the last page written).
 */
public final class BulkWriter implements IndexWriter {

  private static final int MAX_ATTEMPTS = 8;

  private final OpenSearchHttp openSearch;
  private final long bulkBytes;
  private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), RandomGenerator.getDefault());

  public BulkWriter(OpenSearchHttp openSearch, long bulkBytes) {
    this.openSearch = openSearch;
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
    List<Write> chunk = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    long chunkBytes = 0;
    for (Write write : writes) {
      String line = bulkLines(write);
      long bytes = line.getBytes(StandardCharsets.UTF_8).length;
      if (!chunk.isEmpty() && chunkBytes + bytes > bulkBytes) {
        WriteReport report = send(chunk, lines);
        applied += report.applied();
        superseded += report.superseded();
        failed.addAll(report.failed());
        chunk.clear();
        lines.clear();
        chunkBytes = 0;
      }
      chunk.add(write);
      lines.add(line);
      chunkBytes += bytes;
    }
    if (!chunk.isEmpty()) {
      WriteReport report = send(chunk, lines);
      applied += report.applied();
      superseded += report.superseded();
      failed.addAll(report.failed());
    }
    return new WriteReport(applied, superseded, failed);
  }

  /** Sends one request's worth, retrying the whole request or the retryable items. */
  private WriteReport send(List<Write> writes, List<String> lines) throws InterruptedException {
    long applied = 0;
    long superseded = 0;
    List<WriteReport.Failed> failed = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      pending.add(i);
    }
    String lastProblem = "";
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        Write first = writes.get(pending.get(0));
        throw new IllegalStateException("_bulk still failing after " + MAX_ATTEMPTS + " attempts for "
            + pending.size() + " documents (first: " + first.index() + "/" + first.id() + "): " + lastProblem);
      }
      if (attempt > 1) {
        Thread.sleep(backoff.delayBefore(attempt - 1).toMillis());
      }
      StringBuilder body = new StringBuilder();
      pending.forEach(i -> body.append(lines.get(i)));
      OpenSearchHttp.Response response;
      try {
        response = openSearch.send("POST", "/_bulk", body.toString());
      } catch (IllegalStateException e) {
        lastProblem = e.getMessage();
        continue;
      }
      if (response.status() == 429 || response.status() >= 500) {
        lastProblem = "HTTP " + response.status();
        continue;
      }
      if (response.status() / 100 != 2) {
        throw new IllegalStateException("_bulk answered HTTP " + response.status() + ": " + firstLine(response.body()));
      }
      JsonNode items = parse(response.body()).path("items");
      if (items.size() != pending.size()) {
        throw new IllegalStateException("_bulk answered " + items.size() + " items for " + pending.size() + " operations");
      }
      List<Integer> again = new ArrayList<>();
      for (int k = 0; k < pending.size(); k++) {
        JsonNode result = items.get(k).path("index");
        JsonNode error = result.path("error");
        ItemResult outcome = ItemErrors.classify(
            result.path("status").asInt(), error.path("type").asText(""), error.path("reason").asText(""));
        Write write = writes.get(pending.get(k));
        if (outcome instanceof ItemResult.Applied a) {
          if (a.conflict()) {
            superseded++;
          } else {
            applied++;
          }
        } else if (outcome instanceof ItemResult.Retryable r) {
          again.add(pending.get(k));
          lastProblem = r.reason();
        } else if (outcome instanceof ItemResult.Permanent p) {
          failed.add(new WriteReport.Failed(write.index(), write.id(), p.reason()));
        }
      }
      pending = again;
    }
    return new WriteReport(applied, superseded, failed);
  }

  static String bulkLines(Write write) {
    ObjectNode action = ChangeMessages.MAPPER.createObjectNode();
    action.putObject("index")
        .put("_index", write.index())
        .put("_id", write.id())
        .put("version", write.version())
        .put("version_type", "external");
    ObjectNode document = write instanceof Write.Document d
        ? d.item().document()
        : io.ddbsync.opensearch.bulk.Tombstone.document(((Write.Tombstone) write).deletedAt(), false);
    try {
      return ChangeMessages.MAPPER.writeValueAsString(action) + "\n"
          + ChangeMessages.MAPPER.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise document " + write.index() + "/" + write.id(), e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return ChangeMessages.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("_bulk answered with non-JSON: " + firstLine(body), e);
    }
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }
}
