package io.ddbsync.indexsetup.cfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;

/**
 * The response CloudFormation waits for (AWS CloudFormation User Guide, "Custom resource response
 * objects"): PUT as JSON to the request's pre-signed ResponseURL. Until it arrives the stack waits,
 * up to an hour, so every request gets one.
 */
public record CustomResourceResponse(
    boolean success, String reason, String physicalResourceId, String stackId, String requestId, String logicalResourceId) {

  /** The whole response must stay under 4,096 bytes; the reason is the only open-ended field. */
  static final int MAX_REASON_CHARS = 2_000;

  public static CustomResourceResponse success(CustomResourceEvent event, String physicalResourceId, String reason) {
    return new CustomResourceResponse(true, reason, physicalResourceId, event.stackId(), event.requestId(), event.logicalResourceId());
  }

  public static CustomResourceResponse failure(CustomResourceEvent event, String physicalResourceId, String reason) {
    return new CustomResourceResponse(false, reason, physicalResourceId, event.stackId(), event.requestId(), event.logicalResourceId());
  }

  public String toJson() {
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    body.put("Status", success ? "SUCCESS" : "FAILED");
    body.put("Reason", reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…");
    body.put("PhysicalResourceId", physicalResourceId);
    body.put("StackId", stackId);
    body.put("RequestId", requestId);
    body.put("LogicalResourceId", logicalResourceId);
    return body.toString();
  }
}
