package io.ddbsync.indexsetup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexsetup.cfn.ResponseSender;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import io.ddbsync.testsupport.Samples;
import io.ddbsync.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler against a local HTTP server standing in for CloudFormation's pre-signed ResponseURL. */
class IndexSetupHandlerTest {

  /** A request the ResponseURL received. */
  record Received(String method, String path, String contentType, JsonNode body) {}

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final OpenSearchCalls calls = new OpenSearchCalls(OpenSearchClients.plain(SharedOpenSearch.uri()).generic());
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private HttpServer responseUrl;

  @BeforeEach
  void start() throws Exception {
    responseUrl = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    responseUrl.createContext("/", exchange -> {
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          ChangeMessages.MAPPER.readTree(exchange.getRequestBody())));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    responseUrl.start();
  }

  @AfterEach
  void stop() {
    responseUrl.stop(0);
  }

  @Test
  void createSetsUpEveryRoutedIndexAndTheDefaultThenAnswersSuccess() throws Exception {
    String prefix = IndexBootstrapTest.newIndex("cr");
    ObjectNode event = event("Create", prefix + "-customers", prefix + "-orders", prefix + "-items");

    handler().handleRequest(input(event), new ByteArrayOutputStream(), new TestContext(60_000));

    Received answer = answer();
    assertThat(answer.method()).isEqualTo("PUT");
    assertThat(answer.path()).isEqualTo("/stack/ddbsync/IndexSetup?X-Amz-Signature=example");
    assertThat(answer.contentType()).as("the pre-signed URL was signed without a Content-Type").isNull();
    assertThat(answer.body().path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.body().path("PhysicalResourceId").asText()).isEqualTo("ddbsync-index-setup-IndexSetup");
    assertThat(answer.body().path("RequestId").asText()).isEqualTo(event.path("RequestId").asText());
    assertThat(answer.body().path("StackId").asText()).isEqualTo(event.path("StackId").asText());
    assertThat(answer.body().path("LogicalResourceId").asText()).isEqualTo("IndexSetup");
    assertThat(answer.body().path("Reason").asText()).contains(prefix + "-orders: created");
    for (String index : List.of(prefix + "-customers", prefix + "-orders", prefix + "-items")) {
      assertThat(IndexState.read(calls, index).writeGeneration()).as(index).contains(1);
      assertThat(IndexState.read(calls, index).liveGeneration()).as(index).contains(1);
    }
  }

  @Test
  void updateWithANewRouteAddsItsIndexAndKeepsThePhysicalId() throws Exception {
    String prefix = created();
    ObjectNode update = laterEvent("Update", prefix);
    ((ObjectNode) update.path("ResourceProperties")).put("Routes",
        update.path("ResourceProperties").path("Routes").asText() + ";kind=invoice=>" + prefix + "-invoices");

    handler().handleRequest(input(update), new ByteArrayOutputStream(), new TestContext(60_000));

    Received answer = answer();
    assertThat(answer.body().path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.body().path("PhysicalResourceId").asText()).isEqualTo("ddbsync-index-setup-IndexSetup");
    assertThat(answer.body().path("Reason").asText())
        .contains(prefix + "-invoices: created", prefix + "-orders: present");
    assertThat(IndexState.read(calls, prefix + "-invoices").writeGeneration()).contains(1);
  }

  @Test
  void deleteKeepsTheIndicesAndAnswersSuccess() throws Exception {
    String prefix = created();
    ObjectNode delete = laterEvent("Delete", prefix);

    handler().handleRequest(input(delete), new ByteArrayOutputStream(), new TestContext(60_000));

    assertThat(answer().body().path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(IndexState.read(calls, prefix + "-orders").writeGeneration()).contains(1);
  }

  @Test
  void badRoutesFailWithAReasonNamingThem() throws Exception {
    ObjectNode event = event("Create", "a", "b", "c");
    ((ObjectNode) event.path("ResourceProperties")).put("Routes", "entityType=Order");

    handler().handleRequest(input(event), new ByteArrayOutputStream(), new TestContext(60_000));

    Received answer = answer();
    assertThat(answer.body().path("Status").asText()).isEqualTo("FAILED");
    assertThat(answer.body().path("Reason").asText()).startsWith("Routes: rule 'entityType=Order'");
    assertThat(logs.toString()).contains("\"status\":\"FAILED\"");
  }

  @Test
  void unreachableOpenSearchFailsBeforeTheFunctionTimesOut() throws Exception {
    // A port nothing answers on quickly enough: the work outlives the time left, the answer does not.
    HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    silent.createContext("/", exchange -> { });
    silent.start();
    try {
      OpenSearchCalls stuck = new OpenSearchCalls(OpenSearchClients.plain(
          java.net.URI.create("http://127.0.0.1:" + silent.getAddress().getPort())).generic());
      IndexSetupHandler handler = new IndexSetupHandler(new IndexBootstrap(stuck, IndexTemplate.packaged()), new ResponseSender(), log());
      long remaining = IndexSetupHandler.RESPONSE_MARGIN.toMillis() + 500;

      long started = System.nanoTime();
      handler.handleRequest(input(event("Create", "a", "b", "c")), new ByteArrayOutputStream(), new TestContext((int) remaining));

      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(remaining);
      Received answer = answer();
      assertThat(answer.body().path("Status").asText()).isEqualTo("FAILED");
      assertThat(answer.body().path("Reason").asText()).startsWith("did not finish within 0 s").contains("VPC");
    } finally {
      silent.stop(0);
    }
  }

  /** Indices set up by a Create, for a later request to find; returns their prefix. */
  private String created() throws Exception {
    String prefix = IndexBootstrapTest.newIndex("cr");
    handler().handleRequest(input(event("Create", prefix + "-customers", prefix + "-orders", prefix + "-items")),
        new ByteArrayOutputStream(), new TestContext(60_000));
    answer();
    return prefix;
  }

  /** A later request for the resource {@link #created()} made: it carries the physical id. */
  private ObjectNode laterEvent(String type, String prefix) {
    ObjectNode event = event(type, prefix + "-customers", prefix + "-orders", prefix + "-items");
    event.put("PhysicalResourceId", "ddbsync-index-setup-IndexSetup");
    return event;
  }

  private IndexSetupHandler handler() {
    return new IndexSetupHandler(new IndexBootstrap(calls, IndexTemplate.packaged()), new ResponseSender(), log());
  }

  private JsonLog log() {
    return new JsonLog("test", JsonLog.Level.INFO, new PrintStream(logs, true, StandardCharsets.UTF_8), Clock.systemUTC());
  }

  /** samples/index-setup/create.json with this test's ResponseURL, request type and indices. */
  private ObjectNode event(String type, String customers, String orders, String items) {
    ObjectNode event = (ObjectNode) Samples.json("index-setup/create.json").deepCopy();
    event.put("RequestType", type);
    event.put("ResponseURL", "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/stack/ddbsync/IndexSetup?X-Amz-Signature=example");
    ObjectNode properties = (ObjectNode) event.path("ResourceProperties");
    properties.put("Routes", "pk^CUSTOMER#=>" + customers + ";entityType=Order=>" + orders);
    properties.put("DefaultIndex", items);
    return event;
  }

  private static ByteArrayInputStream input(JsonNode event) {
    return new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Received answer() throws InterruptedException {
    Received answer = received.poll(10, TimeUnit.SECONDS);
    assertThat(answer).as("a response PUT to the ResponseURL").isNotNull();
    return answer;
  }
}
