package io.ddbsync.cli.shared.write;

import java.util.List;

/** Delivers writes: straight to OpenSearch, or as change messages through the pipeline's queue. */
public interface IndexWriter {

  /** How many bytes of writes are worth gathering before {@link #write} (0: write each page as is). */
  long batchBytes();

  /** Writes all of {@code writes}, retrying what is worth retrying; returns what happened. */
  WriteReport write(List<Write> writes) throws InterruptedException;

  /** The outcome of a {@link IndexWriter#write}. */
  record WriteReport(long applied, long superseded, List<Failed> failed) {

    /** A write refused for good (a mapping conflict, too large, …), by key, never by value. */
    public record Failed(String index, String id, String reason) {}

    public WriteReport {
      failed = List.copyOf(failed);
    }
  }
}
