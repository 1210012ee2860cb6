package io.ddbsync.cli.command.reindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.backfill.Backfill;
import io.ddbsync.cli.shared.backfill.Checkpoint;
import io.ddbsync.cli.shared.compare.Comparison;
import io.ddbsync.cli.shared.compare.DocumentKey;
import io.ddbsync.cli.shared.compare.Drift;
import io.ddbsync.cli.shared.compare.IndexContents;
import io.ddbsync.cli.shared.compare.IndexedDocument;
import io.ddbsync.cli.shared.compare.KeptExpiries;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.ParallelScan;
import io.ddbsync.cli.shared.scan.SyncedItem;
import io.ddbsync.cli.shared.scan.TableReadOptions;
import io.ddbsync.cli.shared.write.OpenSearchWriter;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.indexsetup.IndexLayout;
import io.ddbsync.indexsetup.OpenSearchCalls;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessages;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The steps of {@code reindex --from-table}: fill a generation from the table as {@code backfill
 * --direct} does, then compare it with the table as {@code verify} does. Only the items routed to
 * the reindexed index are written and compared, under the generation's physical name.
 *
 * <p>The fill keeps its progress in a backfill checkpoint, so a fill that stopped resumes after the
 * last page written, with the first run's version. The checkpoint is deleted only once the
 * generation matched the table: until then it also holds the fill's version, which tells the
 * verification which documents the stream wrote since.
 */
final class TableFill {

  private static final int IDS_PER_MGET = 1000;

  private final String table;
  private final String index;
  private final TableReadOptions options;
  private final DynamoDbClient dynamoDb;
  private final OpenSearchConnection openSearch;
  private final OpenSearchCalls calls;
  private final EnrichmentConfig enrichment;
  private final ItemDocuments documents;
  private final Path checkpointFile;
  private final Clock clock;
  private final PrintWriter out;
  Backfill.PageListener pageListener = segment -> {};

  TableFill(String table, String index, TableReadOptions options, DynamoDbClient dynamoDb, OpenSearchConnection openSearch,
      Path checkpointFile, Clock clock, PrintWriter out) {
    this.table = table;
    this.index = index;
    this.options = options;
    this.dynamoDb = dynamoDb;
    this.openSearch = openSearch;
    this.calls = new OpenSearchCalls(openSearch.client().generic());
    this.enrichment = options.enrichment();
    this.documents = new ItemDocuments(enrichment, ItemDocuments.tableKey(options.describe(dynamoDb, table).table()));
    if (!documents.indices().contains(index)) {
      throw new UserError("no route of the pipeline's configuration writes to " + index + " (it routes to "
          + String.join(", ", documents.indices()) + "); pass the --template and --config of the pipeline that does");
    }
    this.checkpointFile = checkpointFile;
    this.clock = clock;
    this.out = out;
  }

  /** Scans the table and writes each item routed to the index into {@code generation}. */
  void fill(int generation, Reindexer.CopyProgress progress) throws Exception {
    String physical = IndexLayout.generation(index, generation);
    boolean resumed = Files.exists(checkpointFile);
    Checkpoint checkpoint = checkpoint();
    if (resumed) {
      out.println("  resuming the fill from " + checkpointFile + " (" + checkpoint.itemsDone() + " items done)");
    }
    // Below every stream change made after the scan started: a newer change always wins (409 for the fill).
    long version = ExternalVersion.ofBackfill(checkpoint.scanStartSeconds());
    progress.started(Optional.ofNullable(options.describe(dynamoDb, table).table().itemCount()).orElse(0L));
    AtomicLong done = new AtomicLong(checkpoint.itemsDone());
    Backfill.Result result = new Backfill(options.scan(dynamoDb, table, 0), item -> into(documents.convert(item), physical),
        new OpenSearchWriter(openSearch.client(), OpenSearchWriter.DEFAULT_BULK_BYTES), checkpoint, version,
        items -> progress.done(done.addAndGet(items)), pageListener).run(options.segments());
    calls.ok("POST", "/" + physical + "/_refresh", null);
    result.problems().forEach(p -> out.println("  not written: " + p.id() + ": " + p.reason()));
    out.printf("  filled %s from %s: %d items scanned, %d written, %d already newer (409), %d routed elsewhere,"
        + " %d not written; version %d%n", physical, table, result.scanned(), result.written(), result.superseded(),
        result.unrouted(), result.problems().size(), version);
  }

  /**
   * Compares {@code generation} with the table. A difference on a document the stream wrote after
   * the fill's scan started (its version is above the fill's) is the pipeline's to settle, as it is
   * after a backfill: not counted. Any other is: the live alias must not move onto it.
   */
  void verify(int generation) throws Exception {
    String physical = IndexLayout.generation(index, generation);
    long fillVersion = ExternalVersion.ofBackfill(checkpoint().scanStartSeconds());
    calls.ok("POST", "/" + physical + "/_refresh", null);
    KeptExpiries keptExpiries = KeptExpiries.of(enrichment, Optional.empty(),
        () -> dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription(), clock.instant().getEpochSecond());
    Map<DocumentKey, IndexedDocument> indexed = new HashMap<>();
    IndexContents.read(openSearch.client(), Set.of(physical), keptExpiries.attribute(), indexed);
    Comparison comparison = new Comparison(Set.of(physical), indexed, keptExpiries);
    indexed.clear();
    options.scan(dynamoDb, table, 0).run(Collections.nCopies(options.segments(), ParallelScan.Start.BEGINNING),
        (segment, items, lastKey) -> items.forEach(item -> comparison.item(into(documents.convert(item), physical))));
    Comparison.Result result = comparison.finish();
    List<Drift> drifts = result.drifts();
    List<Drift> unsettled = notRewrittenSince(physical, drifts, fillVersion);
    Comparison.Counts counts = result.counts().getOrDefault(physical, new Comparison.Counts(0, 0));
    if (!unsettled.isEmpty()) {
      throw new UserError(physical + " differs from table " + table + " in " + unsettled.size() + " documents ("
          + count(unsettled, Drift.Kind.MISSING) + " missing, " + count(unsettled, Drift.Kind.STALE) + " stale, "
          + count(unsettled, Drift.Kind.EXTRA) + " extra; first: " + unsettled.get(0).kind().name().toLowerCase(Locale.ROOT)
          + " " + unsettled.get(0).document().id() + "); " + IndexLayout.liveAlias(index) + " stays on the old generation."
          + " Changes the pipeline has not applied yet show here too: run reindex again once it caught up (it verifies"
          + " again); to fill again, delete " + checkpointFile + " first");
    }
    Files.deleteIfExists(checkpointFile);
    out.printf("  verified %s against table %s: %d items routed to %s, %d live documents, no drift"
        + " (%d differences on documents the stream rewrote since the fill)%n",
        physical, table, counts.items(), index, counts.liveDocuments(), drifts.size() - unsettled.size());
  }

  private Checkpoint checkpoint() {
    return Checkpoint.openOrCreate(checkpointFile, table, options.segments(), options.scanStartSeconds(clock));
  }

  /** The item as the fill writes it: routed to {@code physical} when routed to the index, else left out. */
  private ItemDocuments.Converted into(ItemDocuments.Converted converted, String physical) {
    if (converted instanceof ItemDocuments.Converted.Routed routed) {
      SyncedItem item = routed.item();
      return item.index().equals(index)
          ? new ItemDocuments.Converted.Routed(new SyncedItem(physical, item.id(), item.groupId(), item.keys(), item.document()))
          : new ItemDocuments.Converted.Unrouted(item.id());
    }
    return converted;
  }

  /** The drifts whose document holds no version above {@code fillVersion} now. */
  private List<Drift> notRewrittenSince(String physical, List<Drift> drifts, long fillVersion) throws Exception {
    List<Drift> unsettled = new ArrayList<>();
    for (int from = 0; from < drifts.size(); from += IDS_PER_MGET) {
      List<Drift> chunk = drifts.subList(from, Math.min(drifts.size(), from + IDS_PER_MGET));
      ObjectNode ids = ChangeMessages.MAPPER.createObjectNode();
      chunk.forEach(d -> ids.withArray("ids").add(d.document().id()));
      JsonNode docs = calls.ok("POST", "/" + physical + "/_mget?_source=false", ids).path("docs");
      for (int i = 0; i < chunk.size(); i++) {
        JsonNode doc = docs.get(i);
        if (!doc.path("found").asBoolean() || doc.path("_version").asLong() <= fillVersion) {
          unsettled.add(chunk.get(i));
        }
      }
    }
    return unsettled;
  }

  private static long count(List<Drift> drifts, Drift.Kind kind) {
    return drifts.stream().filter(d -> d.kind() == kind).count();
  }
}
