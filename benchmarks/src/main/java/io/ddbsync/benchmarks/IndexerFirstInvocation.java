package io.ddbsync.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ddbsync.indexer.IndexerHandler;
import io.ddbsync.testsupport.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times what a cold indexer Lambda pays in a fresh JVM: the handler's constructor (configuration
 * from the environment, clients built) and its first invocation on the SQS event file given as the
 * argument, from event JSON to response JSON; then a second invocation of the same event. Run it
 * once per fresh JVM, with only the Lambda jar and the timing classes on the class path ({@link
 * ColdStart} and {@link MemoryCeiling} do).
 *
 * <p>Lambda's runtime turns the event JSON into an {@link SQSEvent} with its own copy of Jackson;
 * here the function jar's Jackson does it, and that time counts in the first invocation as it does
 * in Lambda.
 */
public final class IndexerFirstInvocation {

  /**
   * @param args the SQS event file; then {@code --snapstart} to run the function's SnapStart hooks
   *     after its constructor, as Lambda does before taking the snapshot (needs {@code
   *     -Dorg.crac.Core.Compat=io.ddbsync.benchmarks.snapstart}; a jar without org.crac has no hooks)
   */
  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    boolean snapStart = args.length > 1 && args[1].equals("--snapstart");
    long start = System.nanoTime();
    IndexerHandler handler = new IndexerHandler();
    long constructed = System.nanoTime();
    if (snapStart && IndexerFirstInvocation.class.getClassLoader().getResource("org/crac/Core.class") != null) {
      Snapshot.take();
    }
    long restored = System.nanoTime();
    // The event's keys are capitalised ("Records", "eventSourceARN"); the runtime maps them with mixins.
    ObjectMapper runtimeJson =
        JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    SQSEvent first = runtimeJson.readValue(event, SQSEvent.class);
    SQSBatchResponse response = handler.handleRequest(first, CONTEXT);
    byte[] responseJson = runtimeJson.writeValueAsBytes(response);
    long invoked = System.nanoTime();
    long respondedAt = System.currentTimeMillis();
    SQSBatchResponse second = handler.handleRequest(runtimeJson.readValue(event, SQSEvent.class), CONTEXT);
    runtimeJson.writeValueAsBytes(second);
    long invokedAgain = System.nanoTime();
    Probe.report(
        "constructor_ms=%.1f checkpoint_ms=%.1f first_invocation_ms=%.1f second_invocation_ms=%.2f"
            + " first_response_at_ms=%d response_bytes=%d messages=%d failed=%d",
        Probe.millis(start, constructed),
        Probe.millis(constructed, restored),
        Probe.millis(restored, invoked),
        Probe.millis(invoked, invokedAgain),
        respondedAt,
        responseJson.length,
        first.getRecords().size(),
        response.getBatchItemFailures().size());
  }

  /** Kept apart so that a jar without org.crac never loads it. */
  private static final class Snapshot {
    static void take() throws Exception {
      org.crac.Core.checkpointRestore();
    }
  }

  /** Lambda's context, as far as the indexer reads it: 60 s remaining. */
  private static final Context CONTEXT = new TestContext(60_000);

  private IndexerFirstInvocation() {}
}
