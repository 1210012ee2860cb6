package io.ddbsync.cli.local.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A loopback HTTP forwarder between one execution environment of the indexer and one service
 * (OpenSearch, DynamoDB or SQS). Each request asks the environment's current invocation what
 * happens to it: forwarded, refused as by a store outage, or never answered because the invocation
 * died. Closing the link refuses every later connection, so a dead environment reaches nothing.
 */
final class EnvironmentLink implements AutoCloseable {

  /** What happens to one request. */
  enum Fate {
    FORWARD,
    /** Answered 500, as a DynamoDB outage answers. */
    OUTAGE,
    /** The invocation dies before sending it: nothing reaches the service. */
    DIE_BEFORE,
    /** The invocation dies while waiting: the service applies it, no answer comes back. */
    DIE_WAITING,
    /** The invocation is already dead. */
    DROP
  }

  /** Decides a request's fate; {@code idempotency} says whether it is for the idempotency table. */
  interface Gate {
    Fate admit(boolean idempotency);

    void die();
  }

  /* The java.net.http client sets these itself and refuses them from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "date", "expect", "from", "host", "upgrade", "via", "warning",
          "transfer-encoding");
  private static final byte[] OUTAGE_BODY =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected outage\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI target;
  private final Supplier<Gate> gate;
  private final Predicate<byte[]> idempotency;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private EnvironmentLink(HttpServer server, ExecutorService executor, URI target, Supplier<Gate> gate,
      Predicate<byte[]> idempotency) {
    this.server = server;
    this.executor = executor;
    this.target = target;
    this.gate = gate;
    this.idempotency = idempotency;
  }

  /** Starts on a free loopback port in front of {@code target}. */
  static EnvironmentLink start(URI target, Supplier<Gate> gate, Predicate<byte[]> idempotency) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "environment-link");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    EnvironmentLink link = new EnvironmentLink(server, executor, target, gate, idempotency);
    server.createContext("/", link::handle);
    server.start();
    return link;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Gate current = gate.get();
      switch (current.admit(idempotency.test(body))) {
        case FORWARD -> forward(exchange, body, true);
        case OUTAGE -> respond(exchange, 500, Map.of("Content-Type", List.of("application/x-amz-json-1.0")), OUTAGE_BODY);
        case DIE_BEFORE -> current.die();
        case DIE_WAITING -> {
          forward(exchange, body, false);
          current.die();
        }
        case DROP -> {}
      }
      // Closing the exchange without a response drops the connection: the caller never hears.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(HttpExchange exchange, byte[] body, boolean answer) throws IOException, InterruptedException {
    URI uri = target.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    request.method(exchange.getRequestMethod(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (answer) {
      respond(exchange, response.statusCode(), response.headers().map(), response.body());
    }
  }

  private static void respond(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    headers.forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
