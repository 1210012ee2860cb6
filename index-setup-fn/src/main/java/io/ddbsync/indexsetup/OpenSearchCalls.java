package io.ddbsync.indexsetup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The index-management calls (templates, aliases, reindex, tasks) as JSON over opensearch-java's
 * generic client, so they go through the same transport, and the same signing, as the indexer's
 * writes.
 */
public final class OpenSearchCalls {

  private final OpenSearchGenericClient client;

  public OpenSearchCalls(OpenSearchGenericClient client) {
    this.client = client;
  }

  /** An answer: the HTTP status and the JSON body (missing when there was none). */
  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The OpenSearch error type ({@code error.type}), empty when none. */
    public String errorType() {
      return body.path("error").path("type").asText("");
    }
  }

  /** A call that did not answer 2xx. */
  public static final class CallFailedException extends IOException {
    private final Answer answer;

    CallFailedException(String call, Answer answer) {
      super(call + " answered HTTP " + answer.status() + ": " + answer.body());
      this.answer = answer;
    }

    public Answer answer() {
      return answer;
    }
  }

  public Answer send(String method, String endpoint, JsonNode body) throws IOException {
    int question = endpoint.indexOf('?');
    Requests.JsonBodyBuilder request = Requests.builder().method(method)
        .endpoint(question < 0 ? endpoint : endpoint.substring(0, question));
    if (question >= 0) {
      Map<String, String> query = new LinkedHashMap<>();
      for (String parameter : endpoint.substring(question + 1).split("&")) {
        int equals = parameter.indexOf('=');
        query.put(equals < 0 ? parameter : parameter.substring(0, equals), equals < 0 ? "" : parameter.substring(equals + 1));
      }
      request.query(query);
    }
    if (body != null) {
      request.json(body.toString());
    }
    try (Response response = client.execute(request.build())) {
      return new Answer(response.getStatus(), json(response.getBody().map(b -> b.bodyAsString()).orElse("")));
    } catch (ResponseException e) {
      // The HTTP client 5 transport throws for 4xx and 5xx (AwsSdk2Transport returns them); its
      // message is the status line, a line break, then the body.
      String message = e.getMessage() == null ? "" : e.getMessage();
      int lineBreak = message.indexOf('\n');
      return new Answer(e.status(), json(lineBreak < 0 ? "" : message.substring(lineBreak + 1)));
    }
  }

  /** The JSON of a response body; missing when empty. */
  public static JsonNode json(String text) throws IOException {
    return text.isBlank() ? MissingNode.getInstance() : ChangeMessages.MAPPER.readTree(text);
  }

  /** The body of a 2xx answer; any other status throws {@link CallFailedException}. */
  public JsonNode ok(String method, String endpoint, JsonNode body) throws IOException {
    Answer answer = send(method, endpoint, body);
    if (!answer.ok()) {
      throw new CallFailedException(method + " " + endpoint, answer);
    }
    return answer.body();
  }
}
