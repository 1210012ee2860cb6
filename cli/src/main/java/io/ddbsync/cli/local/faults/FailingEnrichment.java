package io.ddbsync.cli.local.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The enrichment with a share of batches that fail for good: the first time a batch of records never
 * seen before arrives, with probability {@code share} one of its records becomes a record the
 * enrichment always fails on (as a record it cannot parse would). Every batch holding such a record
 * throws, so bisection isolates it and the pipe dead-letters it alone. The records themselves are
 * fine: replaying them through the real enrichment succeeds.
 */
public final class FailingEnrichment implements RequestStreamHandler {

  private final RequestStreamHandler enrichment;
  private final FailingRecords failing;

  /** Which records fail, shared by the enrichment instances of a run (one per concurrent lane). */
  public static final class FailingRecords {
    private final double share;
    private final Random random;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> failing = new HashSet<>();

    public FailingRecords(double share, long seed) {
      this.share = share;
      this.random = new Random(seed);
    }

    synchronized boolean fails(List<String> ids) {
      if (!ids.isEmpty() && ids.stream().noneMatch(seen::contains) && random.nextDouble() < share) {
        failing.add(ids.get(random.nextInt(ids.size())));
      }
      seen.addAll(ids);
      return ids.stream().anyMatch(failing::contains);
    }

    /** The event ids the enrichment fails on. */
    public synchronized Set<String> eventIds() {
      return Set.copyOf(failing);
    }
  }

  public FailingEnrichment(RequestStreamHandler enrichment, FailingRecords failing) {
    this.enrichment = enrichment;
    this.failing = failing;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] bytes = input.readAllBytes();
    List<String> ids = new ArrayList<>();
    for (JsonNode record : ChangeMessages.MAPPER.readTree(bytes)) {
      ids.add(record.path("eventID").asText());
    }
    if (failing.fails(ids)) {
      throw new IllegalStateException("injected enrichment failure (--faults enrich): the batch holds a record"
          + " this enrichment fails on");
    }
    enrichment.handleRequest(new ByteArrayInputStream(bytes), output, context);
  }
}
