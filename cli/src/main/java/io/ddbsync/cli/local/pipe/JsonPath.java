package io.ddbsync.cli.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import java.util.List;
import java.util.Optional;

/**
 * The dynamic path Pipes accepts for an SQS target's {@code MessageGroupId} and
 * {@code MessageDeduplicationId}: {@code $.field} or {@code $.a.b}, a whole value referring to the
 * enriched event. Anything richer (wildcards, indexes, filters) is refused with the path named.
 */
public record JsonPath(String expression, List<String> fields) {

  public static JsonPath parse(String expression) {
    if (!expression.startsWith("$.") || expression.length() < 3) {
      throw new UserError("unsupported JSON path '" + expression + "': only $.field or $.a.b is supported");
    }
    List<String> fields = List.of(expression.substring(2).split("\\.", -1));
    for (String field : fields) {
      if (!field.matches("[A-Za-z0-9_@-]+")) {
        throw new UserError("unsupported JSON path '" + expression + "': only $.field or $.a.b is supported");
      }
    }
    return new JsonPath(expression, fields);
  }

  /** The text at this path, or empty when the path is absent or not a scalar. */
  public Optional<String> read(JsonNode node) {
    JsonNode current = node;
    for (String field : fields) {
      current = current.path(field);
    }
    return current.isValueNode() && !current.isNull()
        ? Optional.of(current.asText())
        : Optional.empty();
  }
}
