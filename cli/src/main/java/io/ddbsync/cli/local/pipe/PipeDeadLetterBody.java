package io.ddbsync.cli.local.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The message a pipe with a DynamoDB stream source writes to its dead-letter queue for a batch it
 * gave up on: where the records are in the stream, not the records. The shape is the invocation
 * record Lambda documents for stream event sources ("Capturing discarded batches for a DynamoDB
 * Streams event source": {@code requestContext.condition}, {@code DDBStreamBatchInfo} with the shard
 * id, the first and last sequence numbers, arrival times, batch size and stream ARN); the Pipes
 * documentation says only that the batch's metadata, not its records, is sent.
 */
public final class PipeDeadLetterBody {

  private PipeDeadLetterBody() {}

  /** The body for {@code batch} (stream order, not empty), read from shard {@code shardId}. */
  public static String of(List<ObjectNode> batch, String shardId, PipeRetryPolicy.Condition condition,
      int invocations, Instant now) {
    ObjectNode first = batch.get(0);
    ObjectNode last = batch.get(batch.size() - 1);
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    body.putObject("requestContext")
        .put("requestId", UUID.randomUUID().toString())
        .put("condition", condition.name())
        .put("approximateInvokeCount", invocations);
    body.put("version", "1.0");
    body.put("timestamp", now.toString());
    body.putObject("DDBStreamBatchInfo")
        .put("shardId", shardId)
        .put("startSequenceNumber", sequenceNumber(first))
        .put("endSequenceNumber", sequenceNumber(last))
        .put("approximateArrivalOfFirstRecord", arrival(first))
        .put("approximateArrivalOfLastRecord", arrival(last))
        .put("batchSize", batch.size())
        .put("streamArn", first.path("eventSourceARN").asText());
    return body.toString();
  }

  private static String sequenceNumber(ObjectNode record) {
    return record.path("dynamodb").path("SequenceNumber").asText();
  }

  private static String arrival(ObjectNode record) {
    return Instant.ofEpochSecond(record.path("dynamodb").path("ApproximateCreationDateTime").asLong()).toString();
  }
}
