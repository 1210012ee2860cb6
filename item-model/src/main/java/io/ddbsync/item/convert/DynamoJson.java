package io.ddbsync.item.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SDK {@link AttributeValue}s to and from DynamoDB JSON ({@code {"S":"x"}}), the form change messages
 * carry keys in and the enrichment's converter reads. Numbers stay strings, so no digit is lost.
 */
public final class DynamoJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private DynamoJson() {}

  public static ObjectNode toJson(Map<String, AttributeValue> item) {
    ObjectNode json = NODES.objectNode();
    item.forEach((name, value) -> json.set(name, toJson(value)));
    return json;
  }

  static ObjectNode toJson(AttributeValue value) {
    ObjectNode typed = NODES.objectNode();
    switch (value.type()) {
      case S -> typed.put("S", value.s());
      case N -> typed.put("N", value.n());
      case B -> typed.put("B", base64(value.b()));
      case BOOL -> typed.put("BOOL", value.bool());
      case NUL -> typed.put("NULL", true);
      case SS -> value.ss().forEach(typed.putArray("SS")::add);
      case NS -> value.ns().forEach(typed.putArray("NS")::add);
      case BS -> {
        ArrayNode set = typed.putArray("BS");
        value.bs().forEach(b -> set.add(base64(b)));
      }
      case L -> {
        ArrayNode list = typed.putArray("L");
        value.l().forEach(element -> list.add(toJson(element)));
      }
      case M -> typed.set("M", toJson(value.m()));
      case UNKNOWN_TO_SDK_VERSION ->
          throw new IllegalArgumentException("an attribute has a type this SDK does not know");
    }
    return typed;
  }

  /** A key in DynamoDB JSON (as in {@code ChangeMessage.keys}) to SDK attribute values. */
  public static Map<String, AttributeValue> toAttributeValues(ObjectNode json) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    json.properties().forEach(entry -> item.put(entry.getKey(), toAttributeValue(entry.getValue(), entry.getKey())));
    return item;
  }

  static AttributeValue toAttributeValue(JsonNode typed, String path) {
    if (!typed.isObject() || typed.size() != 1) {
      throw new IllegalArgumentException("key attribute " + path + " is not a DynamoDB attribute value");
    }
    var entry = typed.properties().iterator().next();
    JsonNode content = entry.getValue();
    return switch (entry.getKey()) {
      case "S" -> AttributeValue.fromS(content.asText());
      case "N" -> AttributeValue.fromN(content.asText());
      case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(binary(content, path)));
      default ->
          throw new IllegalArgumentException(
              "key attribute " + path + " must be of type S, N or B, not " + entry.getKey());
    };
  }

  private static byte[] binary(JsonNode content, String path) {
    try {
      return Base64.getDecoder().decode(content.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key attribute " + path + " of type B is not base64");
    }
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }
}
