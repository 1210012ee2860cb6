package io.ddbsync.cli.shared.backfill;

import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.cli.shared.scan.ItemSize;
import io.ddbsync.cli.shared.scan.ParallelScan;
import io.ddbsync.cli.shared.write.IndexWriter.WriteReport;
import io.ddbsync.cli.shared.write.IndexWriter;
import io.ddbsync.cli.shared.write.Write;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Copies every item of the table into its index: scan, convert as the enrichment does, write with
 * one version for the whole run, record progress per segment. Each segment gathers pages until the
 * writer's batch size is reached (or the segment ends), writes them, and only then records the last
 * of those pages in the checkpoint.
 */
public final class Backfill {

  /** What the run did. {@code problems} are items not written: unconvertible or refused by the index. */
  public record Result(long scanned, long written, long superseded, long unrouted, List<WriteReport.Failed> problems) {}

  /** Called after each page was handled (written or gathered); a test hook to simulate a crash. */
  @FunctionalInterface
  public interface PageListener {
    void afterPage(int segment);
  }

  private final ParallelScan scan;
  private final Function<Map<String, AttributeValue>, ItemDocuments.Converted> convert;
  private final IndexWriter writer;
  private final Checkpoint checkpoint;
  private final long version;
  private final LongConsumer progress;
  private final PageListener listener;

  private final AtomicLong scanned = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLong unrouted = new AtomicLong();
  private final List<WriteReport.Failed> problems = Collections.synchronizedList(new ArrayList<>());

  /** Writes gathered by one segment and not yet handed off. */
  private static final class Pending {
    final List<Write> writes = new ArrayList<>();
    long bytes;
    long items;
  }

  /** @param convert what becomes of each item: the enrichment's conversion, or one narrowed to one index */
  public Backfill(ParallelScan scan, Function<Map<String, AttributeValue>, ItemDocuments.Converted> convert,
      IndexWriter writer, Checkpoint checkpoint, long version, LongConsumer progress, PageListener listener) {
    this.scan = scan;
    this.convert = convert;
    this.writer = writer;
    this.checkpoint = checkpoint;
    this.version = version;
    this.progress = progress;
    this.listener = listener;
  }

  public Result run(int totalSegments) throws Exception {
    List<ParallelScan.Start> starts = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    for (int segment = 0; segment < totalSegments; segment++) {
      Checkpoint.Segment state = checkpoint.segment(segment);
      starts.add(new ParallelScan.Start(state.done(), state.lastKey()));
      pending.add(new Pending());
    }
    scan.run(starts, (segment, items, lastKey) -> page(pending.get(segment), segment, items, lastKey));
    return new Result(scanned.get(), written.get(), superseded.get(), unrouted.get(), List.copyOf(problems));
  }

  private void page(Pending pending, int segment, List<Map<String, AttributeValue>> items,
      Optional<Map<String, AttributeValue>> lastKey) throws InterruptedException {
    for (Map<String, AttributeValue> item : items) {
      ItemDocuments.Converted converted = convert.apply(item);
      if (converted instanceof ItemDocuments.Converted.Routed routed) {
        pending.writes.add(new Write.Document(routed.item(), version));
        pending.bytes += ItemSize.of(item);
      } else if (converted instanceof ItemDocuments.Converted.Unrouted) {
        unrouted.incrementAndGet();
      } else if (converted instanceof ItemDocuments.Converted.Invalid invalid) {
        problems.add(new WriteReport.Failed("", invalid.id(), invalid.reason()));
      }
    }
    pending.items += items.size();
    scanned.addAndGet(items.size());
    progress.accept(items.size());
    if (lastKey.isEmpty() || pending.bytes >= writer.batchBytes()) {
      WriteReport report = writer.write(pending.writes);
      written.addAndGet(report.applied());
      superseded.addAndGet(report.superseded());
      problems.addAll(report.failed());
      checkpoint.advance(segment, lastKey, pending.items);
      pending.writes.clear();
      pending.bytes = 0;
      pending.items = 0;
    }
    listener.afterPage(segment);
  }
}
