package io.ddbsync.opensearch.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole {@code _bulk} refused: the status reaches the caller, classed as for an item. */
class OpenSearchBulkSenderTest {

  private HttpServer server;

  private OpenSearchBulkSender answering(int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = ("{\"error\":{\"root_cause\":[],\"type\":\"security_exception\",\"reason\":\"refused\"},\"status\":" + status + "}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return new OpenSearchBulkSender(OpenSearchClients.plain(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static List<BulkItem> oneItem() {
    return List.of(new BulkItem("m1", "orders", "o1", 1, JsonNodeFactory.instance.objectNode(), false));
  }

  @Test
  void aForbiddenRequestIsAPermanentFailureNamingItsStatus() throws IOException {
    BulkRequestFailure failure = catchThrowableOfType(() -> answering(403).send(oneItem()), BulkRequestFailure.class);

    assertThat(failure.errorClass()).isEqualTo(ErrorClass.PERMANENT);
    assertThat(failure).hasMessageStartingWith("_bulk failed with 403");
  }

  @Test
  void aBadRequestOrAMissingEndpointIsPermanent() throws IOException {
    for (int status : new int[] {400, 404}) {
      BulkRequestFailure failure = catchThrowableOfType(() -> answering(status).send(oneItem()), BulkRequestFailure.class);

      assertThat(failure.errorClass()).as("status %d", status).isEqualTo(ErrorClass.PERMANENT);
      server.stop(0);
    }
  }

  @Test
  void aThrottledOrUnavailableRequestIsRetryable() throws IOException {
    for (int status : new int[] {429, 502, 503}) {
      BulkRequestFailure failure = catchThrowableOfType(() -> answering(status).send(oneItem()), BulkRequestFailure.class);

      assertThat(failure.errorClass()).as("status %d", status).isEqualTo(ErrorClass.RETRYABLE);
      server.stop(0);
    }
  }
}
