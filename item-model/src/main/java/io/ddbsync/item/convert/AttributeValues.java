package io.ddbsync.item.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.InvalidRecordException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB JSON ({@code {"S":"x"}}, {@code {"N":"1.5"}}, …) to plain JSON, the form indexed in
 * OpenSearch. Pure: the CLI uses the same conversion for backfilled items.
 *
 * <ul>
 *   <li>N becomes a JSON number with every digit: integers as int/long/big integer nodes, the rest as
 *       exact {@link BigDecimal}s (written in plain notation by {@code ChangeMessages.MAPPER}).
 *   <li>B and BS keep their base64 text; NULL becomes JSON null.
 *   <li>SS, NS and BS become arrays sorted by value: sets are unordered, and a stable order keeps an
 *       unchanged set from looking like a change to the diff.
 * </ul>
 */
public final class AttributeValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  /*
   * DynamoDB numbers lie within 1E-130 .. 9.99E+125 with at most 38 significant digits. Anything
   * outside (only a forged record) would expand to an enormous plain-notation string, so it is refused.
   */
  private static final int MAX_INTEGER_DIGITS = 126;
  private static final int MAX_SCALE = 130 + 38;

  private AttributeValues() {}

  /** Converts an image (attribute name → DynamoDB JSON value); {@code path} names it in errors. */
  public static ObjectNode toDocument(JsonNode image, String path) {
    if (!image.isObject()) {
      throw new InvalidRecordException(path + " is not an object");
    }
    ObjectNode document = NODES.objectNode();
    for (Map.Entry<String, JsonNode> attribute : image.properties()) {
      String name = attribute.getKey();
      document.set(name, toJson(attribute.getValue(), path + "." + name));
    }
    return document;
  }

  /**
   * Converts one DynamoDB JSON attribute value. {@code path} (e.g. {@code NewImage.address.city})
   * names the attribute when the value is not well-formed.
   */
  public static JsonNode toJson(JsonNode value, String path) {
    if (!value.isObject() || value.size() != 1) {
      throw new InvalidRecordException(
          "attribute " + path + " is not a DynamoDB attribute value (an object with one type key)");
    }
    Map.Entry<String, JsonNode> typed = value.properties().iterator().next();
    String type = typed.getKey();
    JsonNode content = typed.getValue();
    return switch (type) {
      case "S" -> NODES.textNode(text(content, path, type));
      case "N" -> number(text(content, path, type), path);
      case "B" -> NODES.textNode(text(content, path, type));
      case "BOOL" -> {
        if (!content.isBoolean()) {
          throw wrongContent(path, type, "a boolean");
        }
        yield NODES.booleanNode(content.booleanValue());
      }
      case "NULL" -> NODES.nullNode();
      case "SS", "BS" -> sortedSet(content, path, type, Comparator.comparing(JsonNode::textValue), false);
      case "NS" -> sortedSet(content, path, type, Comparator.comparing(JsonNode::decimalValue), true);
      case "L" -> {
        if (!content.isArray()) {
          throw wrongContent(path, type, "an array");
        }
        ArrayNode list = NODES.arrayNode(content.size());
        for (int i = 0; i < content.size(); i++) {
          list.add(toJson(content.get(i), path + "[" + i + "]"));
        }
        yield list;
      }
      case "M" -> toDocument(content, path);
      default ->
          throw new InvalidRecordException(
              "attribute " + path + " has unknown type '" + abbreviate(type) + "'");
    };
  }

  /** Exact JSON number for a DynamoDB number string: integers stay integers, decimals keep every digit. */
  public static JsonNode number(String text, String path) {
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidRecordException("attribute " + path + " has an N value that is not a number");
    }
    if (decimal.scale() > MAX_SCALE || decimal.precision() - decimal.scale() > MAX_INTEGER_DIGITS) {
      throw new InvalidRecordException("attribute " + path + " has an N value outside DynamoDB's range");
    }
    if (decimal.scale() > 0) {
      return NODES.numberNode(decimal);
    }
    // The same node types Jackson's parser produces, so a converted image equals its re-read JSON.
    BigInteger integer = decimal.toBigIntegerExact();
    if (integer.compareTo(INT_MIN) >= 0 && integer.compareTo(INT_MAX) <= 0) {
      return NODES.numberNode(integer.intValue());
    }
    if (integer.bitLength() < 64) {
      return NODES.numberNode(integer.longValue());
    }
    return NODES.numberNode(integer);
  }

  private static ArrayNode sortedSet(
      JsonNode content, String path, String type, Comparator<JsonNode> order, boolean numbers) {
    if (!content.isArray()) {
      throw wrongContent(path, type, "an array");
    }
    List<JsonNode> elements = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      String element = text(content.get(i), path + "[" + i + "]", type);
      elements.add(numbers ? number(element, path + "[" + i + "]") : NODES.textNode(element));
    }
    elements.sort(order);
    return NODES.arrayNode(elements.size()).addAll(elements);
  }

  private static String text(JsonNode content, String path, String type) {
    if (!content.isTextual()) {
      throw wrongContent(path, type, "a string");
    }
    return content.textValue();
  }

  private static InvalidRecordException wrongContent(String path, String type, String expected) {
    return new InvalidRecordException(
        "attribute " + path + " of type " + type + " does not hold " + expected);
  }

  /** Type tags are field names, not values, but a forged record could make them arbitrarily long. */
  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
