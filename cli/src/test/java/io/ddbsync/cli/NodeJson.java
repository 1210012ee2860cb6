package io.ddbsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/** Raw JSON requests to a test node, through opensearch-java's generic client: test setup and inspection. */
public final class NodeJson {

  private final OpenSearchClient client;

  public NodeJson(URI node) {
    this.client = OpenSearchClients.plain(node);
  }

  public OpenSearchClient client() {
    return client;
  }

  /** The answer's JSON; fails the test on a status other than 2xx. */
  public JsonNode json(String method, String path, String body) {
    try (Response response = send(method, path, body)) {
      String answer = response.getBody().map(b -> b.bodyAsString()).orElse("");
      if (response.getStatus() / 100 != 2) {
        throw new AssertionError(method + " " + path + " answered " + response.getStatus() + ": " + answer);
      }
      return ChangeMessages.MAPPER.readTree(answer);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    }
  }

  /** The answer's HTTP status. */
  public int status(String method, String path) {
    try (Response response = send(method, path, null)) {
      return response.getStatus();
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    }
  }

  /** {@code path} may carry a query string ({@code ?refresh=true}), passed on as parameters. */
  private Response send(String method, String path, String body) throws IOException {
    int question = path.indexOf('?');
    Map<String, String> query = new LinkedHashMap<>();
    if (question >= 0) {
      for (String parameter : path.substring(question + 1).split("&")) {
        String[] pair = parameter.split("=", 2);
        query.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    }
    Requests.JsonBodyBuilder request = Requests.builder()
        .method(method)
        .endpoint(question < 0 ? path : path.substring(0, question))
        .query(query);
    if (body != null) {
      request.json(body);
    }
    return client.generic().execute(request.build());
  }
}
