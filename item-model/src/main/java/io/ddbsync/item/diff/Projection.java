package io.ddbsync.item.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.InvalidRecordException;
import io.ddbsync.item.convert.AttributeValues;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which top-level attributes make the indexed document: {@code indexed} (empty = all) minus
 * {@code ignored}. Attributes left out are not converted at all, and a change to them alone is no
 * change ({@link #changedDocument}).
 */
public record Projection(Set<String> indexed, Set<String> ignored) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  public static final Projection ALL = new Projection(Set.of(), Set.of());

  public Projection {
    indexed = Set.copyOf(indexed);
    ignored = Set.copyOf(ignored);
  }

  public boolean includes(String attribute) {
    return (indexed.isEmpty() || indexed.contains(attribute)) && !ignored.contains(attribute);
  }

  /** The plain-JSON document for a DynamoDB JSON image; {@code path} names the image in errors. */
  public ObjectNode document(JsonNode image, String path) {
    if (!image.isObject()) {
      throw new InvalidRecordException(path + " is not an object");
    }
    ObjectNode document = NODES.objectNode();
    for (Map.Entry<String, JsonNode> attribute : image.properties()) {
      String name = attribute.getKey();
      if (includes(name)) {
        document.set(name, AttributeValues.toJson(attribute.getValue(), path + "." + name));
      }
    }
    return document;
  }

  /**
   * The new document if it differs from the old one, else empty: a MODIFY that touched only
   * attributes outside the projection (say {@code updatedAt}) is not worth a write. An old image
   * that cannot be converted counts as different: the new state is what must reach the index.
   */
  public Optional<ObjectNode> changedDocument(JsonNode oldImage, JsonNode newImage) {
    ObjectNode newDocument = document(newImage, "NewImage");
    return sameDocument(oldImage, newImage, newDocument) ? Optional.empty() : Optional.of(newDocument);
  }

  /**
   * Compares the old image with the new one in DynamoDB JSON, attribute by attribute, converting an
   * old value only when its JSON differs (the same set can be listed in another order): most old
   * images are never converted, which keeps the diff cheaper than parsing the record.
   */
  private boolean sameDocument(JsonNode oldImage, JsonNode newImage, ObjectNode newDocument) {
    if (!oldImage.isObject()) {
      return false;
    }
    int projected = 0;
    for (Map.Entry<String, JsonNode> attribute : oldImage.properties()) {
      String name = attribute.getKey();
      if (!includes(name)) {
        continue;
      }
      projected++;
      JsonNode newValue = newImage.get(name);
      if (newValue == null) {
        return false;
      }
      if (!newValue.equals(attribute.getValue())) {
        try {
          if (!AttributeValues.toJson(attribute.getValue(), "OldImage." + name).equals(newDocument.get(name))) {
            return false;
          }
        } catch (InvalidRecordException e) {
          return false;
        }
      }
    }
    return projected == newDocument.size();
  }
}
