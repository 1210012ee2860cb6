package io.ddbsync.cli.command.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.compare.Comparison;
import io.ddbsync.cli.shared.compare.DocumentKey;
import io.ddbsync.cli.shared.compare.Drift;
import io.ddbsync.cli.shared.compare.IndexContents;
import io.ddbsync.cli.shared.compare.IndexedDocument;
import io.ddbsync.cli.shared.compare.KeptExpiries;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.ParallelScan;
import io.ddbsync.cli.shared.scan.TableScanOptions;
import io.ddbsync.cli.shared.write.IndexWriter;
import io.ddbsync.cli.shared.write.OpenSearchWriter;
import io.ddbsync.cli.shared.write.QueueWriter;
import io.ddbsync.cli.shared.write.Write;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessages;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync verify}: table against index, and optionally repair of the difference. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Compares a DynamoDB table with its OpenSearch indices: counts per index, then each item's"
            + " converted document against the indexed one (SHA-256 of canonical JSON).",
        "Reports missing, stale and extra documents; --repair re-syncs exactly those.",
        "Exit status: 0 no drift, 1 drift found (also when repaired), 2 error."})
public final class VerifyCommand implements Callable<Integer> {

  /** How many drifted documents are listed in the --json line, per kind. */
  static final int JSON_LISTED = 1000;

  @Spec CommandSpec spec;

  @Mixin TableScanOptions tableScan;

  @Option(names = "--opensearch", required = true, description = "OpenSearch URL, e.g. http://127.0.0.1:9200.")
  URI openSearchUrl;

  @Option(names = "--repair", description = "Re-sync the drifted documents.")
  boolean repair;

  @Option(names = "--queue-url", description = "Repair through the pipeline's FIFO queue instead of writing to OpenSearch.")
  Optional<URI> queueUrl;

  @Option(names = "--json", description = "Print the result as one JSON line.")
  boolean json;

  @Option(names = "--ttl-attribute", paramLabel = "NAME",
      description = "With TTL_EXPIRY=keep: the table's TTL attribute (default: from DescribeTimeToLive). A document"
          + " without an item whose TTL time has passed is a kept expiry, not extra.")
  Optional<String> ttlAttribute = Optional.empty();

  @Option(names = "--former-index", paramLabel = "INDEX",
      description = "An index the table's documents were routed to before ROUTES changed: compared too, its"
          + " documents are extra and --repair tombstones them (repeatable).")
  List<String> formerIndices = new ArrayList<>();

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    try {
      return verify();
    } catch (UserError e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("verify interrupted", e);
    } catch (Exception e) {
      // Exit status 1 means drift, so every failure is reported as an error (status 2).
      throw new UserError("verify failed: " + rootMessage(e), e);
    }
  }

  private int verify() throws Exception {
    if (queueUrl.isPresent() && !repair) {
      throw new UserError("--queue-url is for --repair");
    }
    int segments = tableScan.segments();
    EnrichmentConfig enrichment = tableScan.enrichment();
    try (OpenSearchConnection openSearch = tableScan.openSearch(openSearchUrl);
        DynamoDbClient dynamoDb = tableScan.dynamoDb()) {
      ItemDocuments documents = new ItemDocuments(enrichment, ItemDocuments.tableKey(tableScan.describe(dynamoDb).table()));
      KeptExpiries keptExpiries = KeptExpiries.of(enrichment, ttlAttribute,
          () -> dynamoDb.describeTimeToLive(b -> b.tableName(tableScan.table())).timeToLiveDescription(),
          clock.instant().getEpochSecond());
      Set<String> indices = new TreeSet<>(documents.indices());
      indices.addAll(formerIndices);
      if (repair) {
        IndexTemplates.apply(openSearch, indices);
      }
      Map<DocumentKey, IndexedDocument> indexed = new HashMap<>();
      Map<String, Set<String>> unindexed = IndexContents.read(openSearch.client(), indices, keptExpiries.attribute(), indexed);
      // Read after the index: a document written since is at least as new as the item state compared.
      long scanStart = tableScan.scanStartSeconds(clock);
      Comparison comparison = new Comparison(indices, indexed, keptExpiries);
      indexed.clear();
      tableScan.scan(dynamoDb, 0).run(
          Collections.nCopies(segments, ParallelScan.Start.BEGINNING),
          (segment, items, lastKey) -> items.forEach(item -> comparison.item(documents.convert(item))));
      Comparison.Result result = comparison.finish();
      Map<String, Long> elsewhere = OutsideRoutes.count(openSearch.client(), comparison.itemIds(), indices);
      List<Drift> toRepair = result.drifts().stream()
          .filter(d -> d.kind() != Drift.Kind.EXTRA || keptExpiries.refusal().isEmpty())
          .toList();
      long extrasRefused = result.drifts().size() - toRepair.size();
      Optional<IndexWriter.WriteReport> repaired = Optional.empty();
      if (repair && !toRepair.isEmpty()) {
        repaired = Optional.of(repair(toRepair, scanStart, openSearch, enrichment));
      }
      print(result, unindexed, repaired, extrasRefused > 0 ? keptExpiries.refusal() : Optional.empty(), extrasRefused, elsewhere);
      return result.drifts().isEmpty() ? 0 : 1;
    }
  }

  /**
   * Writes the scanned state of missing and stale items and tombstones extra documents, all with the
   * backfill version of the scan's start. That version is above every change indexed before the scan
   * started (so the repair replaces the drifted document) and below every change made after it (so a
   * real change, even one still in flight on the queue, is never blocked, and an item created or
   * deleted during the check keeps its own outcome). A document already newer answers 409: superseded.
   */
  private IndexWriter.WriteReport repair(List<Drift> drifts, long scanStart, OpenSearchConnection openSearch,
      EnrichmentConfig enrichment) throws Exception {
    long version = ExternalVersion.ofBackfill(scanStart);
    long now = clock.instant().getEpochSecond();
    List<Write> writes = new ArrayList<>();
    for (Drift drift : drifts) {
      if (drift.item().isPresent()) {
        writes.add(new Write.Document(drift.item().get(), version));
      } else {
        DocumentKey key = drift.document();
        writes.add(new Write.Tombstone(key.index(), key.id(),
            "repair~" + QueueWriter.sha256Hex(key.toString()),
            ChangeMessages.MAPPER.createObjectNode(), version, now));
      }
    }
    if (queueUrl.isEmpty()) {
      return new OpenSearchWriter(openSearch.client(), OpenSearchWriter.DEFAULT_BULK_BYTES).write(writes);
    }
    try (SqsClient sqs = tableScan.sqs(queueUrl.get())) {
      return new QueueWriter(sqs, queueUrl.get().toString(), "repair", scanStart, enrichment.maxMessageBytes())
          .write(writes);
    }
  }

  private void print(Comparison.Result result, Map<String, Set<String>> unindexed, Optional<IndexWriter.WriteReport> repaired,
      Optional<String> extrasRefusal, long extrasRefused, Map<String, Long> elsewhere) {
    PrintWriter out = spec.commandLine().getOut();
    Map<Drift.Kind, Long> byKind = new LinkedHashMap<>();
    for (Drift.Kind kind : Drift.Kind.values()) {
      byKind.put(kind, result.drifts().stream().filter(d -> d.kind() == kind).count());
    }
    if (json) {
      ObjectNode line = ChangeMessages.MAPPER.createObjectNode().put("table", tableScan.table());
      ObjectNode indices = line.putObject("indices");
      result.counts().forEach((index, counts) -> {
        ObjectNode entry = indices.putObject(index).put("items", counts.items()).put("liveDocuments", counts.liveDocuments());
        unindexed.getOrDefault(index, Set.of()).forEach(entry.putArray("unindexedPaths")::add);
      });
      line.put("drift", result.drifts().size());
      for (Drift.Kind kind : Drift.Kind.values()) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        line.put(name, byKind.get(kind));
        ArrayNode listed = line.putArray(name + "Documents");
        result.drifts().stream().filter(d -> d.kind() == kind).limit(JSON_LISTED)
            .forEach(d -> listed.addObject().put("index", d.document().index()).put("id", d.document().id()));
      }
      line.put("invalidItems", result.invalidItems());
      line.put("ttlKept", result.ttlKept());
      ObjectNode outside = line.putObject("elsewhere");
      elsewhere.forEach(outside::put);
      extrasRefusal.ifPresent(why -> line.put("extraNotRepairable", extrasRefused).put("extraNotRepairableReason", why));
      repaired.ifPresent(r -> line.putObject("repair")
          .put("written", r.applied()).put("superseded", r.superseded()).put("failed", r.failed().size()));
      out.println(line);
    } else {
      result.counts().forEach((index, counts) -> out.println(
          "index " + index + ": " + counts.items() + " items in the table, " + counts.liveDocuments() + " live documents"));
      unindexed.forEach((index, paths) -> out.println("index " + index + ": values kept under @unindexed (no mapping"
          + " takes them; see 'When attribute types differ between items' in the README) at " + String.join(", ", paths)));
      for (Drift drift : result.drifts()) {
        out.println(drift.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + drift.document());
      }
      if (result.invalidItems() > 0) {
        out.println(result.invalidItems() + " items cannot be converted (the pipeline cannot index them either)");
      }
      if (result.ttlKept() > 0) {
        out.println(result.ttlKept() + " documents of items expired by TTL are kept (TTL_EXPIRY=keep): not drift");
      }
      extrasRefusal.ifPresent(why -> out.println(extrasRefused + " extra documents are not repairable: " + why));
      elsewhere.forEach((index, count) -> out.println("index " + index + " (no route names it): " + count
          + " live documents with ids of this table's items; if it held this table's documents before ROUTES"
          + " changed, verify it with --former-index " + index));
      out.println(result.drifts().isEmpty() ? "no drift" : "drift: " + byKind.get(Drift.Kind.MISSING) + " missing, "
          + byKind.get(Drift.Kind.STALE) + " stale, " + byKind.get(Drift.Kind.EXTRA) + " extra");
      repaired.ifPresent(r -> {
        r.failed().forEach(f -> out.println("not repaired " + f.index() + "/" + f.id() + ": " + f.reason()));
        out.println("repair: " + r.applied() + (queueUrl.isPresent() ? " sent to the queue, " : " written, ")
            + r.superseded() + " already newer in the index (409), " + r.failed().size() + " failed");
      });
    }
    out.flush();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
  }
}
