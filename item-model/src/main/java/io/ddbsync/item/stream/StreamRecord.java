package io.ddbsync.item.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.InvalidRecordException;
import io.ddbsync.item.version.ExternalVersion;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The parts of a DynamoDB stream record the enrichment uses, checked. Images stay in DynamoDB JSON:
 * only the parts a change needs are converted.
 *
 * @param ttlExpiry a REMOVE made by DynamoDB's time-to-live, not by a user
 * @param version the external version, see {@link ExternalVersion}
 */
public record StreamRecord(
    String eventId,
    EventName eventName,
    ViewType viewType,
    ObjectNode keys,
    Optional<JsonNode> newImage,
    Optional<JsonNode> oldImage,
    long streamTime,
    long version,
    boolean ttlExpiry) {

  /**
   * Reads a record as Lambda and Pipes deliver it ({@code eventID}, {@code eventName},
   * {@code dynamodb{Keys, NewImage, OldImage, SequenceNumber, ApproximateCreationDateTime,
   * StreamViewType}}, {@code userIdentity}).
   *
   * @throws InvalidRecordException naming the missing or malformed field
   */
  public static StreamRecord parse(JsonNode record) {
    String eventId = text(record, "eventID", "eventID");
    EventName eventName = eventName(record.get("eventName"));
    JsonNode dynamodb = record.get("dynamodb");
    if (dynamodb == null || !dynamodb.isObject()) {
      throw new InvalidRecordException("missing dynamodb");
    }
    JsonNode keys = dynamodb.get("Keys");
    if (keys == null || !keys.isObject() || keys.isEmpty()) {
      throw new InvalidRecordException("missing dynamodb.Keys");
    }
    String sequenceNumber = text(dynamodb, "SequenceNumber", "dynamodb.SequenceNumber");
    long streamTime = seconds(dynamodb.get("ApproximateCreationDateTime"));
    long version;
    try {
      version = ExternalVersion.ofStreamChange(streamTime, sequenceNumber);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("dynamodb." + e.getMessage());
    }
    ViewType viewType = viewType(dynamodb.get("StreamViewType"));
    return new StreamRecord(
        eventId,
        eventName,
        viewType,
        (ObjectNode) keys,
        image(dynamodb, "NewImage"),
        image(dynamodb, "OldImage"),
        streamTime,
        version,
        eventName == EventName.REMOVE && isTimeToLive(record.get("userIdentity")));
  }

  /** The record's {@code eventID} when it has one as a string, else empty. */
  public static Optional<String> eventId(JsonNode record) {
    JsonNode eventId = record.get("eventID");
    return eventId != null && eventId.isTextual() ? Optional.of(eventId.textValue()) : Optional.empty();
  }

  /** DynamoDB's TTL deletes carry {@code userIdentity {type: Service, principalId: dynamodb.amazonaws.com}}. */
  private static boolean isTimeToLive(JsonNode identity) {
    return identity != null
        && "Service".equals(identity.path("type").textValue())
        && "dynamodb.amazonaws.com".equals(identity.path("principalId").textValue());
  }

  private static EventName eventName(JsonNode name) {
    if (name == null || !name.isTextual()) {
      throw new InvalidRecordException("missing eventName");
    }
    return switch (name.textValue()) {
      case "INSERT" -> EventName.INSERT;
      case "MODIFY" -> EventName.MODIFY;
      case "REMOVE" -> EventName.REMOVE;
      default -> throw new InvalidRecordException("unknown eventName '" + abbreviate(name.textValue()) + "'");
    };
  }

  private static ViewType viewType(JsonNode type) {
    if (type == null || !type.isTextual()) {
      throw new InvalidRecordException("missing dynamodb.StreamViewType");
    }
    try {
      return ViewType.valueOf(type.textValue());
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException(
          "unknown dynamodb.StreamViewType '" + abbreviate(type.textValue()) + "'");
    }
  }

  private static long seconds(JsonNode time) {
    if (time == null || !time.isNumber()) {
      throw new InvalidRecordException("missing dynamodb.ApproximateCreationDateTime (epoch seconds)");
    }
    // Whole seconds in practice; a fraction, if a serialiser adds one, is dropped.
    try {
      return time.decimalValue().setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidRecordException("dynamodb.ApproximateCreationDateTime is out of range");
    }
  }

  private static Optional<JsonNode> image(JsonNode dynamodb, String name) {
    JsonNode image = dynamodb.get(name);
    return image == null || image.isNull() ? Optional.empty() : Optional.of(image);
  }

  private static String text(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new InvalidRecordException("missing " + path);
    }
    return value.textValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
