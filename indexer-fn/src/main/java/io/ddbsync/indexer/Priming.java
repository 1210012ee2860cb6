package io.ddbsync.indexer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.indexer.idempotency.IdempotencyGuard;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.stage.FetchStage;
import io.ddbsync.indexer.stage.MessageLog;
import io.ddbsync.indexer.stage.ParallelCalls;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.retry.Backoff;
import io.ddbsync.opensearch.retry.RetryingBulkWriter;
import io.ddbsync.opensearch.retry.Sleeper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one synthetic SQS batch through the handler's whole path except the network: event
 * unpacking, message parsing, tombstones, the {@code _bulk} body written and a response parsed by
 * the OpenSearch client's own code ({@link OfflineBulkSender}), result classification, the FIFO
 * failure policy, log and EMF lines, the batch response; {@link SnapStartPriming} runs it before a
 * snapshot, so that the snapshot holds these classes loaded and compiled. Nothing leaves the process
 * and nothing is printed.
 */
final class Priming {

  private Priming() {}

  /** Returns the synthetic batch's response: the malformed message is its one failure. */
  static SQSBatchResponse prime() {
    Clock clock = Clock.systemUTC();
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Indexer indexer =
        new Indexer(
            new RetryingBulkWriter(
                new OfflineBulkSender(OpenSearchClients.mapper()),
                0,
                Backoff.standard(),
                OpenSearchClients.REQUEST_TIMEOUT,
                clock,
                Sleeper.REAL),
            new FetchStage(Optional.empty(), Optional.empty()),
            Optional.empty(),
            IdempotencyGuard.OFF,
            ParallelCalls.SEQUENTIAL,
            Optional.empty(),
            clock,
            new MessageLog(new JsonLog("priming", JsonLog.Level.DEBUG, nowhere, clock), ItemKeyHash.hashed("priming")));
    IndexerHandler handler = new IndexerHandler(indexer, clock, "priming", "priming", nowhere);
    return handler.handle(batch(), Instant.now().plusSeconds(60));
  }

  /** An upsert with every JSON value type, a delete, and a body that is not JSON. */
  static SQSEvent batch() {
    SQSEvent event = new SQSEvent();
    event.setRecords(
        List.of(
            message(
                "prime-1",
                "{\"schema\":1,\"type\":\"upsert\",\"groupId\":\"PRIME#1\",\"dedupId\":\"prime-1\","
                    + "\"eventId\":\"prime-1\",\"index\":\"prime\",\"id\":\"PRIME#1\",\"version\":2,"
                    + "\"keys\":{\"pk\":{\"S\":\"PRIME#1\"}},\"streamTime\":1700000000,"
                    + "\"document\":{\"pk\":\"PRIME#1\",\"n\":12.5,\"i\":3,\"b\":true,\"z\":null,"
                    + "\"l\":[1,\"x\",{\"k\":\"v\"}],\"m\":{\"k\":\"v\"}}}"),
            message(
                "prime-2",
                "{\"schema\":1,\"type\":\"delete\",\"groupId\":\"PRIME#2\",\"dedupId\":\"prime-2\","
                    + "\"eventId\":\"prime-2\",\"index\":\"prime\",\"id\":\"PRIME#2\",\"version\":3,"
                    + "\"keys\":{\"pk\":{\"S\":\"PRIME#2\"}},\"streamTime\":1700000000,\"ttl\":false}"),
            message("prime-3", "{")));
    return event;
  }

  private static SQSEvent.SQSMessage message(String id, String body) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(id);
    message.setBody(body);
    message.setAttributes(
        Map.of(
            "MessageGroupId", id.toUpperCase(Locale.ROOT),
            "MessageDeduplicationId", id,
            "ApproximateReceiveCount", "1"));
    return message;
  }
}
