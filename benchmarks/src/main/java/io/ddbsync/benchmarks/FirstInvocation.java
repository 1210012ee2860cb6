package io.ddbsync.benchmarks;

import io.ddbsync.enrichment.EnrichmentHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times what a cold Lambda pays in a fresh JVM: the handler's constructor (configuration from the
 * environment) and its first invocation, on the sample file given as the argument. Run it once per
 * fresh JVM, with only the Lambda jar and this class on the class path.
 */
public final class FirstInvocation {

  public static void main(String[] args) throws Exception {
    byte[] input = Files.readAllBytes(Path.of(args[0]));
    long start = System.nanoTime();
    EnrichmentHandler handler = new EnrichmentHandler();
    long constructed = System.nanoTime();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try (InputStream in = new java.io.ByteArrayInputStream(input)) {
      handler.handleRequest(in, response, null);
    }
    long invoked = System.nanoTime();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    handler.handleRequest(new java.io.ByteArrayInputStream(input), second, null);
    long invokedAgain = System.nanoTime();
    System.err.printf(
        "constructor_ms=%.1f first_invocation_ms=%.1f total_ms=%.1f second_invocation_ms=%.2f response_bytes=%d%n",
        (constructed - start) / 1e6,
        (invoked - constructed) / 1e6,
        (invoked - start) / 1e6,
        (invokedAgain - invoked) / 1e6,
        response.size());
  }

  private FirstInvocation() {}
}
