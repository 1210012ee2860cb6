package io.ddbsync.cli.local.esm;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Builds the {@link SQSEvent} Lambda hands a function, from received messages or from a JSON file. */
public final class SqsEvents {

  private SqsEvents() {}

  /** The event Lambda's SQS event source mapping builds for a received batch. */
  public static SQSEvent of(List<Message> messages, String queueArn, String region) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
    for (Message message : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(message.messageId());
      record.setReceiptHandle(message.receiptHandle());
      record.setBody(message.body());
      record.setMd5OfBody(message.md5OfBody());
      record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
      record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
      Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
      message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
      record.setMessageAttributes(attributes);
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      record.setAwsRegion(region);
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
    SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
    attribute.setDataType(value.dataType());
    attribute.setStringValue(value.stringValue());
    if (value.binaryValue() != null) {
      attribute.setBinaryValue(value.binaryValue().asByteBuffer());
    }
    return attribute;
  }

  /**
   * Reads an SQS event in Lambda's JSON shape ({@code Records[].messageId, body, attributes,
   * messageAttributes, eventSourceARN...}), as {@code sam local invoke -e} takes it.
   */
  public static SQSEvent fromJson(JsonNode json, String source) {
    JsonNode records = json.path("Records");
    if (!records.isArray()) {
      throw new UserError(source + " is not an SQS event: no 'Records' array");
    }
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (JsonNode node : records) {
      if (!node.path("body").isTextual()) {
        throw new UserError(source + " is not an SQS event: a record has no 'body' string");
      }
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(node.path("messageId").asText());
      message.setReceiptHandle(node.path("receiptHandle").asText());
      message.setBody(node.path("body").asText());
      message.setMd5OfBody(node.path("md5OfBody").asText(null));
      message.setMd5OfMessageAttributes(node.path("md5OfMessageAttributes").asText(null));
      Map<String, String> attributes = new LinkedHashMap<>();
      node.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      message.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
      node.path("messageAttributes").fields().forEachRemaining(e -> {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(e.getValue().path("dataType").asText(null));
        attribute.setStringValue(e.getValue().path("stringValue").asText(null));
        if (e.getValue().path("binaryValue").isTextual()) {
          attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(e.getValue().get("binaryValue").asText())));
        }
        messageAttributes.put(e.getKey(), attribute);
      });
      message.setMessageAttributes(messageAttributes);
      message.setEventSource(node.path("eventSource").asText("aws:sqs"));
      message.setEventSourceArn(node.path("eventSourceARN").asText(null));
      message.setAwsRegion(node.path("awsRegion").asText(null));
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }
}
