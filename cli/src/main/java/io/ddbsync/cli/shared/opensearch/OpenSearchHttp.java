package io.ddbsync.cli.shared.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The few OpenSearch REST calls the CLI makes itself (reachability, search, scroll), as plain JSON. */
public final class OpenSearchHttp {

  private static final String SCROLL_KEEP_ALIVE = "2m";

  /* java.net.http refuses to set these; it sends the same Host and the body's Content-Length itself. */
  private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final URI endpoint;
  private final Optional<SigV4Signer> signer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Unsigned requests. */
  public OpenSearchHttp(URI endpoint) {
    this(endpoint, Optional.empty());
  }

  /** Requests signed by {@code signer}, if present. */
  public OpenSearchHttp(URI endpoint, Optional<SigV4Signer> signer) {
    this.endpoint = endpoint;
    this.signer = signer;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Fails with one clear line when nothing answers at the endpoint. */
  public void ensureReachable() {
    try {
      Response response = send("GET", "/", null);
      if (response.status() != 200) {
        throw new UserError("OpenSearch at " + endpoint + " answered GET / with HTTP " + response.status());
      }
    } catch (UserError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UserError("cannot reach OpenSearch at " + endpoint + ": " + e.getMessage(), e);
    }
  }

  public JsonNode json(String method, String path, String body) {
    Response response = send(method, path, body);
    if (response.status() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered HTTP " + response.status() + ": " + response.body());
    }
    try {
      return ChangeMessages.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " answered with non-JSON: " + response.body(), e);
    }
  }

  /**
   * Hands {@code hit} every hit of {@code query} (a search body; its {@code size} is the page size)
   * on {@code index}, refreshed first, read with a scroll; nothing if the index does not exist.
   */
  public void scroll(String index, String query, Consumer<JsonNode> hit) {
    if (send("HEAD", "/" + index, null).status() != 200) {
      return;
    }
    json("POST", "/" + index + "/_refresh", null);
    JsonNode page = json("POST", "/" + index + "/_search?scroll=" + SCROLL_KEEP_ALIVE, query);
    String scrollId = page.path("_scroll_id").asText();
    try {
      while (page.path("hits").path("hits").size() > 0) {
        page.path("hits").path("hits").forEach(hit);
        page = json("POST", "/_search/scroll", ChangeMessages.MAPPER.createObjectNode()
            .put("scroll", SCROLL_KEEP_ALIVE).put("scroll_id", scrollId).toString());
        scrollId = page.path("_scroll_id").asText(scrollId);
      }
    } finally {
      send("DELETE", "/_search/scroll/" + scrollId, null);
    }
  }

  public Response send(String method, String path, String body) {
    try {
      HttpResponse<String> response = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (ConnectException e) {
      throw new IllegalStateException("connection refused", e);
    } catch (HttpTimeoutException e) {
      throw new IllegalStateException("no answer within the timeout", e);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage() == null ? "I/O error" : e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  HttpRequest request(String method, String path, String body) {
    URI uri = endpoint.resolve(path);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = signer
        .map(s -> s.sign(method, uri, Map.of("Content-Type", "application/json"), bytes))
        .orElse(Map.of("Content-Type", List.of("application/json")));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach((name, values) -> {
      if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    return request.build();
  }

  public record Response(int status, String body) {}
}
