package io.ddbsync.enrichment;

import io.ddbsync.message.ChangeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The change messages of a batch, in record order, with their counts. The messages are also kept
 * serialised, because their sizes had to be measured: {@link #writeJsonArray} sends those bytes.
 */
public final class EnrichmentResult {

  private final List<ChangeMessage> messages;
  private final List<byte[]> serialised;
  private final EnrichmentCounts counts;

  EnrichmentResult(List<ChangeMessage> messages, List<byte[]> serialised, EnrichmentCounts counts) {
    this.messages = List.copyOf(messages);
    this.serialised = List.copyOf(serialised);
    this.counts = counts;
  }

  public List<ChangeMessage> messages() {
    return messages;
  }

  public EnrichmentCounts counts() {
    return counts;
  }

  /** Writes the messages as one JSON array: the enrichment's response to Pipes. */
  public void writeJsonArray(OutputStream out) throws IOException {
    out.write('[');
    for (int i = 0; i < serialised.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(serialised.get(i));
    }
    out.write(']');
  }
}
