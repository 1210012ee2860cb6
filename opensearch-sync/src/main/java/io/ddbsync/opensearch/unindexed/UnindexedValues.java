package io.ddbsync.opensearch.unindexed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values no mapping can take, kept unsearchable under one top-level object, {@value #FIELD}, which the
 * index template maps {@code "enabled": false} (OpenSearch mapping parameter {@code enabled}: the
 * object's content is kept in {@code _source} and never parsed). A value moved aside keeps the path it
 * has in the item: {@code {"a":{"b":"x"}}} becomes {@code {"a":{},"@unindexed":{"a":{"b":"x"}}}}, so
 * {@link #restored} gives the item's document back. Everything else stays searchable at its own path.
 *
 * <p>A value inside a list is never moved alone: the outermost list on its path is, so that the
 * path under {@value #FIELD} is made of object keys only.
 */
public final class UnindexedValues {

  public static final String FIELD = "@unindexed";

  /** A document with values moved aside, and their dotted paths. */
  public record Reshaped(ObjectNode document, List<String> paths) {}

  private UnindexedValues() {}

  /**
   * Moves aside every list whose elements disagree on the JSON type at some path ({@code [1,"x"]},
   * {@code [{"a":1},2]}, {@code [{"a":1},{"a":"x"}]}): OpenSearch maps a field from one value, and two
   * dynamic mappings of one field in one document are refused whatever the index already holds.
   * Returns {@code document} itself when it holds no such list.
   */
  public static Reshaped mixedListsAside(ObjectNode document) {
    List<List<String>> mixed = new ArrayList<>();
    findMixedLists(document, new ArrayList<>(), mixed);
    if (mixed.isEmpty()) {
      return new Reshaped(document, List.of());
    }
    ObjectNode reshaped = document.deepCopy();
    List<String> paths = new ArrayList<>();
    for (List<String> keys : mixed) {
      moveAside(reshaped, keys);
      paths.add(String.join(".", keys));
    }
    return new Reshaped(reshaped, List.copyOf(paths));
  }

  /**
   * Moves aside the value at {@code fieldPath}, a path as OpenSearch names a field ({@code a.b}: the
   * key {@code a.b}, or {@code b} inside {@code a}). Empty when no value outside {@value #FIELD} has
   * that path: then nothing can be moved, and the document is refused for another reason.
   */
  public static Optional<Reshaped> aside(ObjectNode document, String fieldPath) {
    return keysOf(document, fieldPath, true)
        .map(keys -> {
          ObjectNode reshaped = document.deepCopy();
          moveAside(reshaped, keys);
          return new Reshaped(reshaped, List.of(String.join(".", keys)));
        });
  }

  /** The document as the item has it: each value kept aside back at its own path, no {@value #FIELD}. */
  public static ObjectNode restored(ObjectNode source) {
    if (!source.has(FIELD)) {
      return source;
    }
    ObjectNode document = source.deepCopy();
    JsonNode aside = document.remove(FIELD);
    if (aside.isObject()) {
      merge(document, (ObjectNode) aside);
    }
    return document;
  }

  /**
   * The dotted paths of the values kept aside in {@code source}, down to the first value that is not
   * an object (a value moved as a whole object is listed by its members' paths).
   */
  public static List<String> paths(JsonNode source) {
    List<String> paths = new ArrayList<>();
    JsonNode aside = source.path(FIELD);
    if (aside.isObject()) {
      collectPaths(aside, "", paths);
    }
    return paths;
  }

  private static void findMixedLists(ObjectNode node, List<String> keys, List<List<String>> mixed) {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      if (keys.isEmpty() && property.getKey().equals(FIELD)) {
        continue;
      }
      List<String> path = new ArrayList<>(keys);
      path.add(property.getKey());
      JsonNode value = property.getValue();
      if (value.isObject()) {
        findMixedLists((ObjectNode) value, path, mixed);
      } else if (value.isArray() && isMixed((ArrayNode) value)) {
        mixed.add(path);
      }
    }
  }

  /** Whether some path below the list (arrays flattened, as OpenSearch indexes them) has two JSON types. */
  private static boolean isMixed(ArrayNode list) {
    return !typesAgree(list, "", new HashMap<>());
  }

  private static boolean typesAgree(JsonNode node, String path, Map<String, Kind> kinds) {
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!typesAgree(element, path, kinds)) {
          return false;
        }
      }
      return true;
    }
    if (node.isNull() || node.isMissingNode()) {
      return true;
    }
    Kind kind = Kind.of(node);
    Kind seen = kinds.putIfAbsent(path, kind);
    if (seen != null && seen != kind) {
      return false;
    }
    if (kind == Kind.OBJECT) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        if (!typesAgree(property.getValue(), path + "." + property.getKey(), kinds)) {
          return false;
        }
      }
    }
    return true;
  }

  private enum Kind {
    OBJECT,
    STRING,
    NUMBER,
    BOOLEAN;

    static Kind of(JsonNode node) {
      if (node.isObject()) {
        return OBJECT;
      }
      if (node.isNumber()) {
        return NUMBER;
      }
      if (node.isBoolean()) {
        return BOOLEAN;
      }
      return STRING; // text, and binary (written as base64 text)
    }
  }

  /** The object keys leading to the value named {@code path}, stopping at the first list. */
  private static Optional<List<String>> keysOf(ObjectNode node, String path, boolean root) {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String key = property.getKey();
      if (root && key.equals(FIELD)) {
        continue;
      }
      JsonNode value = property.getValue();
      if (path.equals(key)) {
        return Optional.of(new ArrayList<>(List.of(key)));
      }
      if (path.startsWith(key + ".")) {
        if (value.isArray()) {
          return Optional.of(new ArrayList<>(List.of(key)));
        }
        if (value.isObject()) {
          Optional<List<String>> below = keysOf((ObjectNode) value, path.substring(key.length() + 1), false);
          if (below.isPresent()) {
            below.get().add(0, key);
            return below;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static void moveAside(ObjectNode document, List<String> keys) {
    ObjectNode parent = document;
    ObjectNode asideParent = document.has(FIELD) && document.get(FIELD).isObject()
        ? (ObjectNode) document.get(FIELD) : document.putObject(FIELD);
    for (String key : keys.subList(0, keys.size() - 1)) {
      parent = (ObjectNode) parent.get(key);
      asideParent = asideParent.get(key) instanceof ObjectNode existing ? existing : asideParent.putObject(key);
    }
    String last = keys.get(keys.size() - 1);
    asideParent.set(last, parent.remove(last));
  }

  private static void merge(ObjectNode target, ObjectNode aside) {
    for (Map.Entry<String, JsonNode> property : aside.properties()) {
      JsonNode existing = target.get(property.getKey());
      if (existing instanceof ObjectNode object && property.getValue() instanceof ObjectNode below) {
        merge(object, below);
      } else {
        target.set(property.getKey(), property.getValue());
      }
    }
  }

  private static void collectPaths(JsonNode node, String prefix, List<String> paths) {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
      if (property.getValue().isObject() && !property.getValue().isEmpty()) {
        collectPaths(property.getValue(), path, paths);
      } else {
        paths.add(path);
      }
    }
  }
}
