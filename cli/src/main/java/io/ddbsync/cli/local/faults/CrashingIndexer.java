package io.ddbsync.cli.local.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Random;

/**
 * The {@code crash} fault: the indexer does its work (the bulk is written), then the invocation fails
 * before returning, as when Lambda times out or the runtime dies. The event source mapping then
 * redelivers the whole batch, so the same versions are written again and must come back as 409.
 */
public final class CrashingIndexer implements RequestHandler<SQSEvent, SQSBatchResponse> {

  private final RequestHandler<SQSEvent, SQSBatchResponse> indexer;
  private final double share;
  private final Random random;

  public CrashingIndexer(RequestHandler<SQSEvent, SQSBatchResponse> indexer, double share, long seed) {
    this.indexer = indexer;
    this.share = share;
    this.random = new Random(seed);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    SQSBatchResponse response = indexer.handleRequest(event, context);
    if (random.nextDouble() < share) {
      throw new InjectedCrash();
    }
    return response;
  }

  /** The failure the {@code crash} fault throws. */
  public static final class InjectedCrash extends RuntimeException {
    InjectedCrash() {
      super("injected crash after the bulk, before returning");
    }
  }
}
