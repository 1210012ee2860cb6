package io.ddbsync.cli.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Environments whose requests go through loopback links to a counting stand-in for the services. */
class KillingIndexerTest {

  private HttpServer service;
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger environments = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startService() throws IOException {
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    service.createContext("/", exchange -> {
      try (exchange) {
        received.add(new String(exchange.getRequestBody().readAllBytes()));
        byte[] body = "{}".getBytes();
        exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/outage") ? 500 : 200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    service.start();
  }

  @AfterEach
  void stopService() {
    service.stop(0);
  }

  /**
   * Sends three requests per message to OpenSearch (more than a kill's 2n + 1 candidates), then one
   * to the idempotency table, and acknowledges everything unless the table answered 500.
   */
  private RequestHandler<SQSEvent, SQSBatchResponse> handler(Map<String, String> endpoints) {
    environments.incrementAndGet();
    return (event, context) -> {
      List<Integer> statuses = new ArrayList<>();
      for (SQSEvent.SQSMessage message : event.getRecords()) {
        for (int i = 0; i < 3; i++) {
          statuses.add(send(endpoints.get("OPENSEARCH_ENDPOINT"), message.getMessageId()));
        }
      }
      statuses.add(send(endpoints.get("AWS_ENDPOINT_URL_DYNAMODB"), "{\"TableName\":\"idem\"}"));
      return new SQSBatchResponse(statuses.contains(500) ? List.of(new SQSBatchResponse.BatchItemFailure("m1")) : List.of());
    };
  }

  private int send(String endpoint, String body) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // the link refused or dropped the request: the invocation goes on, as a dead one's thread would
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private KillingIndexer indexer(FaultSpec spec, KillingIndexer.Counts counts) {
    URI uri = URI.create("http://127.0.0.1:" + service.getAddress().getPort());
    return new KillingIndexer(this::handler, new KillingIndexer.Upstreams(uri, uri, uri, "idem"), spec, 7, counts);
  }

  private static SQSEvent batch(String... messageIds) {
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (String id : messageIds) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(id);
      messages.add(message);
    }
    event.setRecords(messages);
    return event;
  }

  @Test
  void aKilledInvocationSendsNothingAfterItsDeathAndTheNextOneGetsANewEnvironment() {
    KillingIndexer.Counts counts = new KillingIndexer.Counts();
    KillingIndexer killing = indexer(new FaultSpec(0, 0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 0), counts);

    Throwable kill = catchThrowable(() -> killing.handleRequest(batch("m1", "m2", "m3"), null));

    assertThat(kill).isInstanceOf(KillingIndexer.InjectedKill.class);
    int killedAt = Integer.parseInt(kill.getMessage().replaceAll("\\D+", " ").strip());
    // Requests before the fatal one arrived, the fatal one too if it died waiting, none after.
    assertThat(received.size()).isBetween(killedAt - 1, killedAt);
    assertThat(counts.kills).hasValue(1);
    assertThat(counts.neverAcknowledged()).isEqualTo(3);
    assertThatThrownBy(() -> killing.handleRequest(batch("m1", "m2", "m3"), null))
        .isInstanceOf(KillingIndexer.InjectedKill.class);
    assertThat(environments).hasValue(2);
  }

  @Test
  void messagesOfAKilledBatchCountAsRecoveredWhenALaterInvocationAcknowledgesThem() {
    KillingIndexer.Counts counts = new KillingIndexer.Counts();
    KillingIndexer killing = indexer(new FaultSpec(0, 0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 0), counts);
    assertThatThrownBy(() -> killing.handleRequest(batch("m1", "m2"), null)).isInstanceOf(KillingIndexer.InjectedKill.class);
    KillingIndexer healthy = indexer(FaultSpec.NONE, counts);

    SQSBatchResponse response = healthy.handleRequest(batch("m1", "m2"), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(counts.recovered).hasValue(2);
    assertThat(counts.neverAcknowledged()).isZero();
  }

  @Test
  void anIdempotencyOutageAnswersOnlyTheIdempotencyTablesRequestsWith500() {
    KillingIndexer.Counts counts = new KillingIndexer.Counts();
    KillingIndexer outage = indexer(new FaultSpec(0, 0, 0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0), counts);

    SQSBatchResponse response = outage.handleRequest(batch("m1", "m2"), null);

    // The OpenSearch requests went through; the idempotency table's was answered 500 by the link.
    assertThat(received).containsExactly("m1", "m1", "m1", "m2", "m2", "m2");
    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m1");
    assertThat(counts.idempotencyOutages).hasValue(1);
  }
}
