package io.ddbsync.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;

/** Test JSON written with single quotes for readability. */
public final class Json {
  private Json() {}

  public static JsonNode json(String singleQuoted) {
    try {
      return ChangeMessages.MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  public static ObjectNode object(String singleQuoted) {
    return (ObjectNode) json(singleQuoted);
  }

  /** A stream record as Pipes delivers it; images in DynamoDB JSON, or null to leave them out. */
  public static ObjectNode record(
      String eventName, String viewType, String keys, String newImage, String oldImage) {
    ObjectNode record =
        object(
            "{'eventID':'c81e728d9d4c2f636f067f89cc14862c','eventName':'" + eventName + "',"
                + "'eventVersion':'1.1','eventSource':'aws:dynamodb','awsRegion':'eu-west-1',"
                + "'dynamodb':{'ApproximateCreationDateTime':1718000000,'Keys':" + keys + ","
                + "'SequenceNumber':'4421584500000000017450439091','SizeBytes':120,"
                + "'StreamViewType':'" + viewType + "'},"
                + "'eventSourceARN':'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-06-01T00:00:00.000'}");
    ObjectNode dynamodb = (ObjectNode) record.get("dynamodb");
    if (newImage != null) {
      dynamodb.set("NewImage", json(newImage));
    }
    if (oldImage != null) {
      dynamodb.set("OldImage", json(oldImage));
    }
    return record;
  }
}
