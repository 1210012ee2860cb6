package io.ddbsync.benchmarks;

import io.ddbsync.enrichment.EnrichmentHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times what a cold enrichment Lambda pays in a fresh JVM: the handler's constructor (configuration
 * from the environment) and its first invocation, on the stream-record batch file given as the
 * argument; then a second invocation, as a warm container would run it. Run it once per fresh JVM,
 * with only the Lambda jar and the timing classes on the class path ({@link ColdStart} and
 * {@link MemoryCeiling} do).
 */
public final class FirstInvocation {

  public static void main(String[] args) throws Exception {
    byte[] input = Files.readAllBytes(Path.of(args[0]));
    long start = System.nanoTime();
    EnrichmentHandler handler = new EnrichmentHandler();
    long constructed = System.nanoTime();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input), response, null);
    long invoked = System.nanoTime();
    long respondedAt = System.currentTimeMillis();
    int firstResponseBytes = response.size();
    response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input), response, null);
    long invokedAgain = System.nanoTime();
    Probe.report(
        "constructor_ms=%.1f first_invocation_ms=%.1f second_invocation_ms=%.2f first_response_at_ms=%d"
            + " response_bytes=%d",
        Probe.millis(start, constructed),
        Probe.millis(constructed, invoked),
        Probe.millis(invoked, invokedAgain),
        respondedAt,
        firstResponseBytes);
  }

  private FirstInvocation() {}
}
