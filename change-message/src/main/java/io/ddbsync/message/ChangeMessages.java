package io.ddbsync.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.type.LogicalType;

/** Reads and writes {@link ChangeMessage}s, and the JSON settings both functions share. */
public final class ChangeMessages {

  /**
   * DynamoDB numbers have up to 38 significant digits: they are carried as {@code BigDecimal} and
   * written in plain notation, so {@code 12345678901234567890.123456789} keeps every digit.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  /**
   * Binds a body in one pass, without the intermediate tree. Strings are not coerced to integers,
   * because the checked path rejects {@code "schema":"1"}; whatever this reader rejects or reads with
   * another schema goes through the checked path, so that the error names the problem.
   */
  private static final ObjectReader DIRECT = directReader();

  private ChangeMessages() {}

  private static ObjectReader directReader() {
    ObjectMapper mapper = MAPPER.copy();
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper.readerFor(ChangeMessage.class);
  }

  public static String write(ChangeMessage message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
    }
  }

  /** Parses a queue message body, naming what is wrong when it is not a valid change message. */
  public static ChangeMessage read(String body) throws MalformedMessageException {
    try {
      ChangeMessage message = DIRECT.readValue(body);
      if (message != null && message.schema() == ChangeMessage.SCHEMA) {
        return message;
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // Falls through to the checked path, which names what is wrong.
    }
    return readChecked(body);
  }

  private static ChangeMessage readChecked(String body) throws MalformedMessageException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("body is not JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedMessageException("body is not a JSON object");
    }
    JsonNode schema = tree.get("schema");
    if (schema == null || !schema.canConvertToInt()) {
      throw new MalformedMessageException("field 'schema' is missing or not an integer");
    }
    if (schema.intValue() != ChangeMessage.SCHEMA) {
      throw new MalformedMessageException(
          "unsupported schema " + schema.asText() + ": this indexer reads schema " + ChangeMessage.SCHEMA);
    }
    try {
      return MAPPER.treeToValue(tree, ChangeMessage.class);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not a change message: " + e.getOriginalMessage());
    }
  }
}
