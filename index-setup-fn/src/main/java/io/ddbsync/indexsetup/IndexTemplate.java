package io.ddbsync.indexsetup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The index template file (opensearch/index-template.json in the repository, a copy in the jar): the
 * mappings and settings of every generation, and under {@code aliases."{index}-live"} the filter of the
 * live alias.
 *
 * <p>The aliases are not sent with the template: a template alias {@code {index}-live} would name the
 * generation ({@code orders-000001-live}). {@link IndexBootstrap} and reindex put both aliases
 * themselves, each on one generation.
 */
public final class IndexTemplate {

  public static final String RESOURCE = "index-template.json";
  private static final String LIVE_ALIAS_KEY = "{index}-live";

  private final ObjectNode file;

  private IndexTemplate(ObjectNode file, String source) {
    if (!file.path("template").path("aliases").path(LIVE_ALIAS_KEY).isObject()) {
      throw new IllegalArgumentException(source + " has no template.aliases.\"" + LIVE_ALIAS_KEY + "\" (the live alias and its filter)");
    }
    this.file = file;
  }

  /** The copy in the jar. */
  public static IndexTemplate packaged() {
    try (InputStream in = IndexTemplate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new IndexTemplate((ObjectNode) ChangeMessages.MAPPER.readTree(in), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** A template file, e.g. an edited opensearch/index-template.json. */
  public static IndexTemplate read(Path path) {
    JsonNode json;
    try {
      json = ChangeMessages.MAPPER.readTree(Files.readString(path));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the index template " + path + ": " + e.getMessage(), e);
    }
    if (!(json instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the index template " + path + " is not a JSON object");
    }
    return new IndexTemplate(object, path.toString());
  }

  /** The file as written. */
  public ObjectNode file() {
    return file.deepCopy();
  }

  /** The body of {@code PUT _index_template/ddbsync-<index>}: the file for the generations of {@code index}, without aliases. */
  public ObjectNode indexTemplateBody(String index) {
    ObjectNode body = file.deepCopy();
    body.putArray("index_patterns").add(IndexLayout.generationPattern(index));
    ((ObjectNode) body.path("template")).remove("aliases");
    return body;
  }

  /** The live alias's definition (its filter). */
  public ObjectNode liveAlias() {
    return (ObjectNode) file.path("template").path("aliases").path(LIVE_ALIAS_KEY).deepCopy();
  }

  public static String templateName(String index) {
    return "ddbsync-" + index;
  }
}
