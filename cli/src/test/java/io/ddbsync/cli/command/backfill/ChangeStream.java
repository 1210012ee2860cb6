package io.ddbsync.cli.command.backfill;

import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.SyncedItem;
import io.ddbsync.cli.shared.write.OpenSearchWriter;
import io.ddbsync.cli.shared.write.IndexWriter;
import io.ddbsync.cli.shared.write.Write;
import io.ddbsync.item.version.ExternalVersion;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stands in for the running pipeline: changes items in the table (updates, deletes, inserts) and
 * applies to the index what the stream would deliver for each, with the stream's version rule
 * (change time in seconds, then a growing sequence number) and the indexer's external-version writes.
 */
final class ChangeStream implements Runnable {

  private final TestTables tables;
  private final ItemDocuments documents;
  private final OpenSearchWriter writer;
  private final Map<Integer, Map<String, AttributeValue>> current = new HashMap<>();
  private final Map<Integer, Integer> revisions = new HashMap<>();
  private final Random random = new Random(7);
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong sequence = new AtomicLong(1_000_000_000_000_000_000L % 4_000_000_000L);
  final AtomicLong changes = new AtomicLong();
  private int nextNew;

  ChangeStream(TestTables tables, List<Map<String, AttributeValue>> loaded) {
    this.tables = tables;
    this.documents = tables.documents();
    this.writer = new OpenSearchWriter(tables.openSearch.client(), 1 << 20);
    for (int i = 0; i < loaded.size(); i++) {
      current.put(i, loaded.get(i));
    }
    nextNew = loaded.size();
  }

  void stop() {
    stop.set(true);
  }

  @Override
  public void run() {
    try {
      while (!stop.get()) {
        change();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void change() throws InterruptedException {
    int roll = random.nextInt(100);
    int i = roll < 15 ? nextNew++ : random.nextInt(nextNew);
    Map<String, AttributeValue> old = current.get(i);
    Write write;
    if (roll >= 75 && old != null) {
      tables.dynamoDb.deleteItem(b -> b.tableName(tables.table).key(tables.key(i)));
      current.remove(i);
      SyncedItem gone = routed(old);
      write = new Write.Tombstone(gone.index(), gone.id(), gone.groupId(), gone.keys(), version(), Instant.now().getEpochSecond());
    } else {
      int revision = revisions.merge(i, 1, Integer::sum);
      Map<String, AttributeValue> item = tables.item(i, revision);
      tables.dynamoDb.putItem(b -> b.tableName(tables.table).item(item));
      current.put(i, item);
      write = new Write.Document(routed(item), version());
    }
    IndexWriter.WriteReport report = writer.write(List.of(write));
    if (!report.failed().isEmpty()) {
      throw new IllegalStateException("stream write failed: " + report.failed());
    }
    changes.incrementAndGet();
  }

  /** The version the stream gives a change made now: taken after the table write, as Streams does. */
  private long version() {
    return ExternalVersion.ofStreamChange(Instant.now().getEpochSecond(), Long.toString(sequence.incrementAndGet()));
  }

  private SyncedItem routed(Map<String, AttributeValue> item) {
    return ((ItemDocuments.Converted.Routed) documents.convert(item)).item();
  }
}
