package io.ddbsync.cli.command.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.indexsetup.Generations;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.indexsetup.OpenSearchCalls;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Carries out {@link ReindexStep}s against a cluster. */
final class Reindexer {

  /** How many documents of the old generation are compared by content. */
  static final int SAMPLE_SIZE = 500;
  private static final Duration TASK_POLL = Duration.ofMillis(500);

  /** Told the copy's (or the fill's) progress: documents (items) done of the total. */
  interface CopyProgress {
    void started(long total);

    void done(long documents);
  }

  /** Test hook: runs once the copy task has started (throw to simulate a crash mid-copy). */
  interface CopyStarted {
    void started(String taskId) throws IOException;
  }

  private final OpenSearchCalls calls;
  private final Generations generations;
  private final String index;
  private final PrintWriter out;
  private final Optional<TableFill> tableFill;
  CopyStarted copyStarted = taskId -> {};

  /** @param tableFill the fill and verification from the table, with {@code --from-table} */
  Reindexer(OpenSearchCalls calls, Generations generations, String index, PrintWriter out, Optional<TableFill> tableFill) {
    this.calls = calls;
    this.generations = generations;
    this.index = index;
    this.out = out;
    this.tableFill = tableFill;
  }

  void run(ReindexStep step, CopyProgress progress) throws Exception {
    if (step instanceof ReindexStep.BlockLegacyWrites) {
      block(index);
    } else if (step instanceof ReindexStep.CloneLegacy c) {
      cloneLegacy(c.to());
    } else if (step instanceof ReindexStep.ReplaceLegacy r) {
      generations.replaceLegacyIndex(index, r.with());
    } else if (step instanceof ReindexStep.CreateGeneration c) {
      generations.putTemplate(index);
      generations.create(index, c.number(), false);
    } else if (step instanceof ReindexStep.MoveWriteAlias m) {
      generations.moveWriteAlias(index, m.from(), m.to());
    } else if (step instanceof ReindexStep.Seal s) {
      block(IndexLayout.generation(index, s.number()));
    } else if (step instanceof ReindexStep.Copy c) {
      copy(IndexLayout.generation(index, c.from()), IndexLayout.generation(index, c.to()), progress);
    } else if (step instanceof ReindexStep.Verify v) {
      verify(IndexLayout.generation(index, v.from()), IndexLayout.generation(index, v.to()));
    } else if (step instanceof ReindexStep.Fill f) {
      tableFill.orElseThrow().fill(f.to(), progress);
    } else if (step instanceof ReindexStep.VerifyTable v) {
      tableFill.orElseThrow().verify(v.to());
    } else if (step instanceof ReindexStep.MoveLiveAlias m) {
      generations.moveLiveAlias(index, m.from(), m.to());
    } else if (step instanceof ReindexStep.DeleteGenerations d) {
      for (int number : d.numbers()) {
        calls.ok("DELETE", "/" + IndexLayout.generation(index, number), null);
      }
    }
  }

  /**
   * Sets {@code index.blocks.write} through the add index block API, which returns only once the
   * writes in flight on the index have completed (OpenSearch documentation, "Blocks"), then
   * refreshes it, so that what is read from it next is all it will ever hold.
   */
  private void block(String physical) throws IOException {
    calls.ok("PUT", "/" + physical + "/_block/write", null);
    calls.ok("POST", "/" + physical + "/_refresh", null);
  }

  private void cloneLegacy(int to) throws IOException {
    String target = IndexLayout.generation(index, to);
    if (calls.send("HEAD", "/" + target, null).ok()) {
      return; // cloned by the run that stopped
    }
    // The clone must not keep the source's write block (index.blocks.write), or nothing could write to it.
    calls.ok("POST", "/" + index + "/_clone/" + target + "?wait_for_active_shards=1",
        json("{\"settings\":{\"index.blocks.write\":null}}"));
  }

  private void copy(String from, String to, CopyProgress progress) throws IOException, InterruptedException {
    String task = runningCopy(from, to).orElse(null);
    if (task == null) {
      ObjectNode body = ChangeMessages.MAPPER.createObjectNode().put("conflicts", "proceed");
      body.putObject("source").put("index", from);
      body.putObject("dest").put("index", to).put("version_type", "external");
      task = calls.ok("POST", "/_reindex?wait_for_completion=false&refresh=true", body).path("task").asText();
    } else {
      out.println("  resuming: copy task " + task + " is still running");
    }
    copyStarted.started(task);
    JsonNode status;
    boolean started = false;
    while (true) {
      status = calls.ok("GET", "/_tasks/" + task, null);
      JsonNode s = status.path("task").path("status");
      if (!started && s.path("total").asLong() > 0) {
        progress.started(s.path("total").asLong());
        started = true;
      }
      progress.done(s.path("created").asLong() + s.path("updated").asLong() + s.path("version_conflicts").asLong());
      if (status.path("completed").asBoolean()) {
        break;
      }
      Thread.sleep(TASK_POLL.toMillis());
    }
    JsonNode response = status.path("response");
    if (status.has("error") || response.path("failures").size() > 0) {
      throw new UserError("copy " + from + " -> " + to + " failed: "
          + (status.has("error") ? status.path("error") : response.path("failures").get(0)) + "; run reindex again to retry");
    }
    out.printf("  copied %d documents (%d created, %d already newer in %s)%n", response.path("total").asLong(),
        response.path("created").asLong(), response.path("version_conflicts").asLong(), to);
  }

  /** A copy task from {@code from} to {@code to} started by a run that stopped, still running. */
  private Optional<String> runningCopy(String from, String to) throws IOException {
    JsonNode nodes = calls.ok("GET", "/_tasks?actions=*reindex&detailed=true", null).path("nodes");
    String description = "reindex from [" + from + "] to [" + to + "]";
    for (Iterator<Map.Entry<String, JsonNode>> n = nodes.fields(); n.hasNext(); ) {
      for (Iterator<Map.Entry<String, JsonNode>> t = n.next().getValue().path("tasks").fields(); t.hasNext(); ) {
        Map.Entry<String, JsonNode> task = t.next();
        if (task.getValue().path("description").asText().startsWith(description)) {
          return Optional.of(task.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Every document of the old generation must be in the new one: the new one may hold more (inserts
   * since the write alias moved) and newer versions (changes since), never fewer or older. Checked by
   * count, then for a random sample by version and, at equal versions, by content.
   */
  private void verify(String from, String to) throws IOException {
    calls.ok("POST", "/" + from + "," + to + "/_refresh", null);
    long old = count(from);
    long now = count(to);
    if (now < old) {
      throw new UserError(to + " holds " + now + " documents, fewer than the " + old + " of " + from
          + ": the copy is incomplete; run reindex again");
    }
    ObjectNode query = (ObjectNode) json("{\"size\":" + SAMPLE_SIZE + ",\"version\":true,"
        + "\"query\":{\"function_score\":{\"random_score\":{}}}}");
    JsonNode sample = calls.ok("POST", "/" + from + "/_search", query).path("hits").path("hits");
    ObjectNode mget = ChangeMessages.MAPPER.createObjectNode();
    sample.forEach(hit -> mget.withArray("ids").add(hit.path("_id").asText()));
    JsonNode copies = sample.isEmpty() ? ChangeMessages.MAPPER.createArrayNode()
        : calls.ok("POST", "/" + to + "/_mget", mget).path("docs");
    for (int i = 0; i < sample.size(); i++) {
      JsonNode original = sample.get(i);
      JsonNode copy = copies.get(i);
      String id = original.path("_id").asText();
      if (!copy.path("found").asBoolean()) {
        throw new UserError("document " + id + " of " + from + " is missing from " + to + "; run reindex again");
      }
      long versionBefore = original.path("_version").asLong();
      long versionAfter = copy.path("_version").asLong();
      if (versionAfter < versionBefore || (versionAfter == versionBefore && !copy.path("_source").equals(original.path("_source")))) {
        throw new UserError("document " + id + " differs between " + from + " (version " + versionBefore + ") and "
            + to + " (version " + versionAfter + "); run reindex again");
      }
    }
    out.printf("  verified: %s holds %d documents, %s %d; %d sampled documents match by version and content%n",
        from, old, to, now, sample.size());
  }

  private long count(String physical) throws IOException {
    return calls.ok("GET", "/" + physical + "/_count", null).path("count").asLong();
  }

  private static JsonNode json(String text) throws IOException {
    return ChangeMessages.MAPPER.readTree(text);
  }

  static CopyProgress silent() {
    return new CopyProgress() {
      public void started(long total) {}

      public void done(long documents) {}
    };
  }
}
