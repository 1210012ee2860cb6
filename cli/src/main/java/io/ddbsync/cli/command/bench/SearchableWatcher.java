package io.ddbsync.cli.command.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.error.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Finds the moment each expected write becomes searchable. It polls every index for what search now
 * shows, by {@code _seq_no}: OpenSearch numbers a shard's operations in order, so each poll asks only
 * for operations from just below the highest number seen before (an operation with a lower number
 * can still be on its way into a refresh, so the poll looks back {@value #LOOK_BACK} operations,
 * more than the writes in flight at once). A document showing version v makes every expected write
 * of it up to v searchable: a later change that replaced an earlier one before a poll saw it carries
 * the earlier one's state forward.
 */
final class SearchableWatcher {

  /** An expected write: the document, the version it carries, and the change it comes from. */
  record Expected(String index, String id, long version, int change) {}

  static final int LOOK_BACK = 128;
  private static final int PAGE = 10_000;
  private static final Duration INTERVAL = Duration.ofMillis(50);

  private final OpenSearchClient openSearch;
  private final Set<String> indices = new TreeSet<>();
  private final Map<String, ArrayDeque<Expected>> pending = new HashMap<>();
  private final Map<String, Long> highest = new HashMap<>();
  private int waiting;

  SearchableWatcher(OpenSearchClient openSearch, List<Expected> expected) {
    this.openSearch = openSearch;
    expected.stream().sorted(Comparator.comparingLong(Expected::version)).forEach(e -> {
      indices.add(e.index());
      pending.computeIfAbsent(e.index() + "/" + e.id(), k -> new ArrayDeque<>()).add(e);
    });
    this.waiting = expected.size();
  }

  /**
   * Polls until every expected write is searchable, and returns, for each change, the
   * {@link System#nanoTime()} at which its last expected write was first seen (0 for a change with
   * no write: filtered out or skipped by the enrichment).
   */
  long[] await(int changes, Duration timeout) {
    long[] seen = new long[changes];
    long deadline = System.nanoTime() + timeout.toNanos();
    while (waiting > 0) {
      for (String index : indices) {
        poll(index, seen);
      }
      if (waiting > 0) {
        if (System.nanoTime() > deadline) {
          throw new UserError(waiting + " expected writes were not searchable within " + timeout
              + " (see the function log, and the dead-letter queue)");
        }
        LockSupport.parkNanos(INTERVAL.toNanos()); // the polling interval of a deadline-bound wait
      }
    }
    return seen;
  }

  private void poll(String index, long[] seen) {
    long from = highest.getOrDefault(index, -1L) - LOOK_BACK;
    while (true) {
      List<Hit<ObjectNode>> hits = search(index, from);
      long now = System.nanoTime();
      for (Hit<ObjectNode> hit : hits) {
        from = hit.seqNo();
        ArrayDeque<Expected> writes = pending.get(index + "/" + hit.id());
        while (writes != null && !writes.isEmpty() && writes.peek().version() <= hit.version()) {
          seen[writes.poll().change()] = now;
          waiting--;
        }
      }
      highest.merge(index, from, Math::max);
      if (hits.size() < PAGE) {
        return;
      }
    }
  }

  /** The writes to {@code index} after sequence number {@code from}, in sequence-number order. */
  private List<Hit<ObjectNode>> search(String index, long from) {
    try {
      return openSearch.search(s -> s.index(index)
          .query(q -> q.range(r -> r.field("_seq_no").gt(JsonData.of(from))))
          .sort(o -> o.field(f -> f.field("_seq_no").order(SortOrder.Asc)))
          .size(PAGE)
          .version(true)
          .seqNoPrimaryTerm(true)
          .source(c -> c.fetch(false))
          .trackTotalHits(t -> t.enabled(false)), ObjectNode.class).hits().hits();
    } catch (IOException e) {
      throw new UncheckedIOException("search of " + index + " failed", e);
    }
  }
}
