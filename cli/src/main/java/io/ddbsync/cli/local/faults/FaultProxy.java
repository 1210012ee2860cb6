package io.ddbsync.cli.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.message.ChangeMessages;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on loopback in front of an OpenSearch node that makes {@code _bulk} requests fail
 * the ways a busy cluster does; every other request passes through untouched.
 *
 * <ul>
 *   <li>{@code os429} / {@code os503}: the whole request is refused with that status, nothing applied.
 *   <li>{@code timeout}: the request is applied, then the response is held for {@code timeoutDelay}
 *       and the connection closed without one: the client sees a timeout or a dropped connection
 *       for a write that happened, the case idempotent retries (409 = success) must absorb.
 *   <li>{@code item429} / {@code item503}: that share of the items is taken out of the request
 *       (not applied) and put back into the response as per-item failures with that status, the way
 *       OpenSearch reports a full write queue ({@code es_rejected_execution_exception}).
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI target;
  private final FaultSpec spec;
  private final Duration timeoutDelay;
  private final Random random;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Counts counts = new Counts();

  private FaultProxy(HttpServer server, ExecutorService executor, URI target, FaultSpec spec, Duration timeoutDelay, long seed) {
    this.server = server;
    this.executor = executor;
    this.target = target;
    this.spec = spec;
    this.timeoutDelay = timeoutDelay;
    this.random = new Random(seed);
  }

  /** Starts on a free loopback port in front of {@code target} (an OpenSearch base URL). */
  public static FaultProxy start(URI target, FaultSpec spec, Duration timeoutDelay, long seed) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "fault-proxy");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    FaultProxy proxy = new FaultProxy(server, executor, target, spec, timeoutDelay, seed);
    server.createContext("/", proxy::handle);
    server.start();
    return proxy;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public Counts counts() {
    return counts;
  }

  /** What the proxy did so far. */
  public static final class Counts {
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong bulkRequests = new AtomicLong();
    public final AtomicLong refused429 = new AtomicLong();
    public final AtomicLong refused503 = new AtomicLong();
    public final AtomicLong timedOut = new AtomicLong();
    public final AtomicLong items429 = new AtomicLong();
    public final AtomicLong items503 = new AtomicLong();
  }

  private double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      counts.requests.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      if (!path.endsWith("/_bulk")) {
        Upstream response = forward(exchange, body);
        respond(exchange, response.status(), response.body());
        return;
      }
      counts.bulkRequests.incrementAndGet();
      double u = draw();
      if (u < spec.os429()) {
        counts.refused429.incrementAndGet();
        respond(exchange, 429, requestError(429, "rejected_execution_exception"));
      } else if (u < spec.os429() + spec.os503()) {
        counts.refused503.incrementAndGet();
        respond(exchange, 503, requestError(503, "cluster_block_exception"));
      } else if (u < spec.os429() + spec.os503() + spec.timeout()) {
        counts.timedOut.incrementAndGet();
        forward(exchange, body);
        sleep(timeoutDelay);
        // Closing the exchange without a response drops the connection: the write happened, the client never hears.
      } else {
        bulkWithItemFaults(exchange, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Operation(String actionLine, String sourceLine, String action, JsonNode metadata) {}

  private void bulkWithItemFaults(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    List<Operation> operations = parse(new String(body, StandardCharsets.UTF_8));
    List<Integer> failedStatus = new ArrayList<>();
    StringBuilder kept = new StringBuilder();
    for (Operation operation : operations) {
      double u = draw();
      int status = u < spec.item429() ? 429 : u < spec.item429() + spec.item503() ? 503 : 0;
      failedStatus.add(status);
      if (status == 0) {
        kept.append(operation.actionLine()).append('\n');
        if (operation.sourceLine() != null) {
          kept.append(operation.sourceLine()).append('\n');
        }
      }
    }
    boolean anyFailed = failedStatus.stream().anyMatch(s -> s != 0);
    if (!anyFailed) {
      Upstream response = forward(exchange, body);
      respond(exchange, response.status(), response.body());
      return;
    }
    JsonNode upstream;
    if (kept.isEmpty()) {
      upstream = ChangeMessages.MAPPER.createObjectNode().put("took", 0).put("errors", false).set("items",
          ChangeMessages.MAPPER.createArrayNode());
    } else {
      Upstream response = forward(exchange, kept.toString().getBytes(StandardCharsets.UTF_8));
      if (response.status() != 200) {
        respond(exchange, response.status(), response.body());
        return;
      }
      upstream = ChangeMessages.MAPPER.readTree(response.body());
    }
    ObjectNode merged = ChangeMessages.MAPPER.createObjectNode();
    merged.put("took", upstream.path("took").asLong());
    merged.put("errors", true);
    ArrayNode items = merged.putArray("items");
    int next = 0;
    for (int i = 0; i < operations.size(); i++) {
      int status = failedStatus.get(i);
      if (status == 0) {
        items.add(upstream.path("items").get(next++));
        continue;
      }
      (status == 429 ? counts.items429 : counts.items503).incrementAndGet();
      Operation operation = operations.get(i);
      ObjectNode result = items.addObject().putObject(operation.action());
      result.put("_index", operation.metadata().path("_index").asText(""));
      result.put("_id", operation.metadata().path("_id").asText(""));
      result.put("status", status);
      result.putObject("error")
          .put("type", status == 429 ? "es_rejected_execution_exception" : "unavailable_shards_exception")
          .put("reason", "injected by ddbsync FaultProxy");
    }
    respond(exchange, 200, ChangeMessages.MAPPER.writeValueAsBytes(merged));
  }

  /** The NDJSON operations of a bulk body: an action line, then a source line unless the action is delete. */
  static List<Operation> parse(String ndjson) throws IOException {
    List<Operation> operations = new ArrayList<>();
    String[] lines = ndjson.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String actionLine = lines[i];
      JsonNode action = ChangeMessages.MAPPER.readTree(actionLine);
      String name = action.fieldNames().next();
      String source = name.equals("delete") ? null : lines[++i];
      operations.add(new Operation(actionLine, source, name, action.get(name)));
    }
    return operations;
  }

  private record Upstream(int status, byte[] body) {}

  private Upstream forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    URI uri = target.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(exchange.getRequestMethod(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Upstream(response.statusCode(), response.body());
  }

  private static byte[] requestError(int status, String type) {
    ObjectNode error = ChangeMessages.MAPPER.createObjectNode();
    ObjectNode cause = error.putObject("error");
    cause.putArray("root_cause").addObject().put("type", type).put("reason", "injected by ddbsync FaultProxy");
    cause.put("type", type).put("reason", "injected by ddbsync FaultProxy");
    error.put("status", status);
    return error.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void sleep(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      Thread.sleep(duration.toMillis());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
