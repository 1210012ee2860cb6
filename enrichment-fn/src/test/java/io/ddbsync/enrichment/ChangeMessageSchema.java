package io.ddbsync.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code change-message.schema.json} (from the change-message jar), checked with the draft it declares. */
final class ChangeMessageSchema {

  private static final String RESOURCE = "change-message.schema.json";
  private static final JsonSchema SCHEMA = load();

  private ChangeMessageSchema() {}

  private static JsonSchema load() {
    try (InputStream in = ChangeMessageSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      }
      JsonNode schema = ChangeMessages.MAPPER.readTree(in);
      return JsonSchemaFactory.getInstance(SpecVersionDetector.detect(schema)).getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The schema's complaints about one message, empty when it conforms. */
  static List<String> errors(JsonNode message) {
    return SCHEMA.validate(message).stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
