package io.ddbsync.cli.shared.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.convert.DynamoJson;
import io.ddbsync.message.ChangeMessages;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A record read with the DynamoDB Streams API, in the JSON shape Lambda and Pipes hand the
 * enrichment ({@code eventID}, {@code eventName}, {@code dynamodb.Keys/NewImage/OldImage},
 * {@code ApproximateCreationDateTime} in epoch seconds, {@code userIdentity} for TTL removes…).
 */
public final class StreamRecordJson {

  private StreamRecordJson() {}

  public static ObjectNode of(Record record, String streamArn) {
    ObjectNode json = ChangeMessages.MAPPER.createObjectNode();
    json.put("eventID", record.eventID());
    json.put("eventName", record.eventNameAsString());
    json.put("eventVersion", record.eventVersion());
    json.put("eventSource", record.eventSource() == null ? "aws:dynamodb" : record.eventSource());
    json.put("awsRegion", record.awsRegion());
    StreamRecord stream = record.dynamodb();
    ObjectNode dynamodb = json.putObject("dynamodb");
    if (stream.approximateCreationDateTime() != null) {
      dynamodb.put("ApproximateCreationDateTime", stream.approximateCreationDateTime().getEpochSecond());
    }
    if (stream.hasKeys()) {
      dynamodb.set("Keys", DynamoJson.toJson(stream.keys()));
    }
    if (stream.hasNewImage()) {
      dynamodb.set("NewImage", DynamoJson.toJson(stream.newImage()));
    }
    if (stream.hasOldImage()) {
      dynamodb.set("OldImage", DynamoJson.toJson(stream.oldImage()));
    }
    dynamodb.put("SequenceNumber", stream.sequenceNumber());
    if (stream.sizeBytes() != null) {
      dynamodb.put("SizeBytes", stream.sizeBytes());
    }
    dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
    json.put("eventSourceARN", streamArn);
    if (record.userIdentity() != null) {
      json.putObject("userIdentity")
          .put("type", record.userIdentity().type())
          .put("principalId", record.userIdentity().principalId());
    }
    return json;
  }
}
