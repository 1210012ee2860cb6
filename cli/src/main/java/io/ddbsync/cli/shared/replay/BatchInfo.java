package io.ddbsync.cli.shared.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;

/**
 * What a pipe's (or a stream event source mapping's) dead-letter message says about a failed batch:
 * not the records, only where they are in the stream. Lambda documents the shape as
 * {@code {"requestContext":…, "responseContext":…, "DDBStreamBatchInfo":{"shardId", "startSequenceNumber",
 * "endSequenceNumber", "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord",
 * "batchSize", "streamArn"}}}; the object is looked for at any depth, so a context wrapper around it
 * does not matter.
 */
public record BatchInfo(
    String streamArn,
    String shardId,
    BigInteger startSequenceNumber,
    BigInteger endSequenceNumber,
    int batchSize,
    String firstArrival,
    String lastArrival) {

  static final String FIELD = "DDBStreamBatchInfo";

  /** The batch info of a dead-letter message body, or empty when the body holds none. */
  public static Optional<BatchInfo> parse(String body) {
    JsonNode root;
    try {
      root = ChangeMessages.MAPPER.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode info = root == null ? null : root.findValue(FIELD);
    if (info == null || !info.isObject()) {
      return Optional.empty();
    }
    String shard = info.path("shardId").asText("");
    String start = info.path("startSequenceNumber").asText("");
    String end = info.path("endSequenceNumber").asText(start);
    String stream = info.path("streamArn").asText("");
    if (shard.isEmpty() || stream.isEmpty() || !start.matches("\\d+") || !end.matches("\\d+")) {
      return Optional.empty();
    }
    return Optional.of(new BatchInfo(stream, shard, new BigInteger(start), new BigInteger(end),
        info.path("batchSize").asInt(0),
        info.path("approximateArrivalOfFirstRecord").asText(""),
        info.path("approximateArrivalOfLastRecord").asText("")));
  }

  /** {@code shard [start..end]}, for reports. */
  public String describe() {
    return shardId + " [" + startSequenceNumber + ".." + endSequenceNumber + "]";
  }
}
