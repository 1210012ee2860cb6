package io.ddbsync.item.route;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One routing rule: items whose {@code attribute} equals {@code value} ({@code attr=value=>index}) or
 * starts with it ({@code attr^prefix=>index}) go to {@code index}. The attribute's S or N text is
 * compared; other types never match.
 */
public record Route(String attribute, Match match, String value, String index) {

  public enum Match {
    EQUALS,
    PREFIX
  }

  /** Whether the DynamoDB JSON image (or the keys) matches this rule. */
  public boolean matches(JsonNode image) {
    JsonNode attributeValue = image.get(attribute);
    if (attributeValue == null) {
      return false;
    }
    JsonNode text = attributeValue.get("S");
    if (text == null) {
      text = attributeValue.get("N");
    }
    if (text == null || !text.isTextual()) {
      return false;
    }
    return switch (match) {
      case EQUALS -> text.textValue().equals(value);
      case PREFIX -> text.textValue().startsWith(value);
    };
  }
}
