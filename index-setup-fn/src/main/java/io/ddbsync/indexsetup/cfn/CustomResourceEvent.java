package io.ddbsync.indexsetup.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/**
 * A CloudFormation custom resource request (AWS CloudFormation User Guide, "Custom resource request
 * objects"); only the fields the response needs, and the resource's properties.
 *
 * @param physicalResourceId absent on Create
 */
public record CustomResourceEvent(
    RequestType requestType,
    URI responseUrl,
    String stackId,
    String requestId,
    String logicalResourceId,
    Optional<String> physicalResourceId,
    JsonNode resourceProperties) {

  public enum RequestType {
    Create,
    Update,
    Delete
  }

  /** @throws IllegalArgumentException naming the missing or bad field */
  public static CustomResourceEvent parse(JsonNode event) {
    String type = text(event, "RequestType");
    RequestType requestType;
    try {
      requestType = RequestType.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("RequestType must be Create, Update or Delete, not '" + type + "'");
    }
    return new CustomResourceEvent(
        requestType,
        URI.create(text(event, "ResponseURL")),
        text(event, "StackId"),
        text(event, "RequestId"),
        text(event, "LogicalResourceId"),
        Optional.ofNullable(event.get("PhysicalResourceId")).map(JsonNode::asText).filter(s -> !s.isEmpty()),
        event.path("ResourceProperties"));
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("custom resource request has no " + field);
    }
    return value.asText();
  }
}
