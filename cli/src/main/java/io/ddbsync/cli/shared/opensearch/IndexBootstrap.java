package io.ddbsync.cli.shared.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Applies the index template (opensearch/index-template.json in the repository, a copy in the jar)
 * for each routed index: {@code PUT _index_template/ddbsync-<index>} with
 * {@code index_patterns: [<index>]}, then creates the index if it is missing, and puts the
 * {@code <index>-live} alias (which hides tombstones) on it, also when the index already existed.
 *
 * <p>Run once per index by {@code ddbsync bootstrap}, not on every invocation.
 */
public final class IndexBootstrap {

  public static final String TEMPLATE_RESOURCE = "index-template.json";

  private final OpenSearchGenericClient client;
  private final ObjectNode template;

  public IndexBootstrap(OpenSearchGenericClient client) {
    this.client = client;
    this.template = loadTemplate();
  }

  /** The template file's content. */
  public static ObjectNode loadTemplate() {
    try (InputStream in = IndexBootstrap.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the classpath");
      }
      return (ObjectNode) ChangeMessages.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
    }
  }

  public static String liveAlias(String index) {
    return index + "-live";
  }

  public void apply(List<String> indices) throws IOException {
    for (String index : indices) {
      apply(index);
    }
  }

  public void apply(String index) throws IOException {
    ObjectNode body = template.deepCopy();
    body.putArray("index_patterns").add(index);
    send("PUT", "/_index_template/ddbsync-" + index, body, false);
    send("PUT", "/" + index, ChangeMessages.MAPPER.createObjectNode(), true);
    // An index created before its template was applied has no alias yet; putting it again is a no-op.
    JsonNode alias = template.path("template").path("aliases").path("{index}-live");
    send("PUT", "/" + index + "/_alias/" + liveAlias(index), (ObjectNode) alias, false);
  }

  private void send(String method, String endpoint, ObjectNode body, boolean existingIsFine) throws IOException {
    try (Response response =
        client.execute(Requests.builder().method(method).endpoint(endpoint).json(body.toString()).build())) {
      int status = response.getStatus();
      String answer = response.getBody().map(b -> b.bodyAsString()).orElse("");
      if (status >= 300 && !(existingIsFine && answer.contains("resource_already_exists_exception"))) {
        throw new IOException(method + " " + endpoint + " answered " + status + ": " + answer);
      }
    }
  }
}
