package io.ddbsync.cli.local.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One execution environment of the indexer at a time, whose every request to OpenSearch, DynamoDB
 * and SQS passes through an {@link EnvironmentLink}, for the faults that act inside an invocation:
 *
 * <ul>
 *   <li>{@code kill}: the invocation dies at a random request among its first 2n + 1 (n messages:
 *       a claim each, the bulk, a completion each), either before sending it or while waiting for its
 *       answer (the service applied it), as a Lambda timeout or out-of-memory kill would. From then
 *       on nothing it sends reaches any service: no release, no completion, no dead-letter send.
 *       The event source mapping sees a failed invocation (the whole batch comes back after the
 *       visibility timeout) and the next invocation gets a new environment, as Lambda's would. An
 *       invocation that makes fewer requests dies after its last one, before returning.
 *   <li>{@code idem}: during the invocation, every request for the idempotency table is answered 500.
 * </ul>
 *
 * <p>The dead invocation's thread is abandoned, not stopped: its later requests find the links
 * closed, and its later output (log lines, EMF metrics) is dropped, so what it does after its death
 * stays in the process, as nothing of a killed Lambda invocation reaches a service or CloudWatch.
 */
public final class KillingIndexer implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {

  /** The services an environment's links lead to, and the idempotency table an outage fails. */
  public record Upstreams(URI openSearch, URI dynamoDb, URI sqs, String idempotencyTable) {}

  /** What the environment faults did, across every environment of a run. */
  public static final class Counts {
    public final AtomicLong kills = new AtomicLong();
    public final AtomicLong idempotencyOutages = new AtomicLong();
    /** Messages of a killed batch acknowledged later (the kill's wait is over). */
    public final AtomicLong recovered = new AtomicLong();
    public final AtomicLong longestWaitMillis = new AtomicLong();
    /** Message id → when its batch was first killed (System.nanoTime), until it is acknowledged. */
    final Map<String, Long> waiting = new ConcurrentHashMap<>();

    /** Messages of a killed batch never acknowledged since (dead-lettered, or still queued). */
    public long neverAcknowledged() {
      return waiting.size();
    }
  }

  /** How the ESM sees a killed invocation. */
  public static final class InjectedKill extends RuntimeException {
    InjectedKill(int request) {
      super("injected kill at request " + request + " of the invocation");
    }
  }

  private final Function<Map<String, String>, RequestHandler<SQSEvent, SQSBatchResponse>> functions;
  private final Upstreams upstreams;
  private final double kill;
  private final double idem;
  private final Random random;
  private final Counts counts;
  private Environment environment;

  /**
   * @param functions builds a handler given the variables that point it at its links
   *     ({@code OPENSEARCH_ENDPOINT}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS})
   */
  public KillingIndexer(Function<Map<String, String>, RequestHandler<SQSEvent, SQSBatchResponse>> functions,
      Upstreams upstreams, FaultSpec spec, long seed, Counts counts) {
    this.functions = functions;
    this.upstreams = upstreams;
    this.kill = spec.kill();
    this.idem = spec.idem();
    this.random = new Random(seed);
    this.counts = counts;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    if (environment == null) {
      environment = Environment.start(functions, upstreams);
    }
    int messages = event.getRecords().size();
    Invocation invocation = new Invocation(
        random.nextDouble() < kill ? 1 + random.nextInt(2 * messages + 1) : 0,
        random.nextBoolean(),
        random.nextDouble() < idem);
    if (invocation.idempotencyDown) {
      counts.idempotencyOutages.incrementAndGet();
    }
    environment.current.set(invocation);
    RequestHandler<SQSEvent, SQSBatchResponse> handler = environment.handler;
    CompletableFuture<SQSBatchResponse> result = CompletableFuture.supplyAsync(
        () -> handler.handleRequest(event, context),
        task -> {
          Thread thread = new Thread(task, "indexer-invocation");
          thread.setDaemon(true);
          thread.start();
        });
    awaitEither(result, invocation.dead);
    if (invocation.killAt > 0) {
      invocation.die(); // no-op if it died at its request already; else it dies before returning
      killed(event, invocation.killAt);
    }
    SQSBatchResponse response;
    try {
      response = result.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    acknowledged(event, response);
    return response;
  }

  /** Closes the current environment's links (the event source mapping is done with this poller). */
  @Override
  public void close() {
    if (environment != null) {
      environment.close();
      environment = null;
    }
  }

  private static void awaitEither(CompletableFuture<?> result, CompletableFuture<?> dead) {
    try {
      CompletableFuture.anyOf(result, dead).get();
    } catch (ExecutionException e) {
      // The handler threw: handled by the caller's join.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the indexer ran", e);
    }
  }

  private void killed(SQSEvent event, int request) {
    environment.close();
    environment = null;
    counts.kills.incrementAndGet();
    long now = System.nanoTime();
    event.getRecords().forEach(m -> counts.waiting.putIfAbsent(m.getMessageId(), now));
    throw new InjectedKill(request);
  }

  private void acknowledged(SQSEvent event, SQSBatchResponse response) {
    Set<String> failed = response.getBatchItemFailures() == null ? Set.of()
        : response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .collect(Collectors.toSet());
    long now = System.nanoTime();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      Long since = failed.contains(message.getMessageId()) ? null : counts.waiting.remove(message.getMessageId());
      if (since != null) {
        counts.recovered.incrementAndGet();
        counts.longestWaitMillis.accumulateAndGet((now - since) / 1_000_000, Math::max);
      }
    }
  }

  /** One invocation's fate, asked by every request its environment sends. */
  private static final class Invocation implements EnvironmentLink.Gate {
    final int killAt;
    final boolean dieWaiting;
    final boolean idempotencyDown;
    final AtomicInteger requests = new AtomicInteger();
    final CompletableFuture<Void> dead = new CompletableFuture<>();

    Invocation(int killAt, boolean dieWaiting, boolean idempotencyDown) {
      this.killAt = killAt;
      this.dieWaiting = dieWaiting;
      this.idempotencyDown = idempotencyDown;
    }

    @Override
    public EnvironmentLink.Fate admit(boolean idempotency) {
      if (dead.isDone()) {
        return EnvironmentLink.Fate.DROP;
      }
      if (killAt > 0 && requests.incrementAndGet() == killAt) {
        return dieWaiting ? EnvironmentLink.Fate.DIE_WAITING : EnvironmentLink.Fate.DIE_BEFORE;
      }
      return idempotencyDown && idempotency ? EnvironmentLink.Fate.OUTAGE : EnvironmentLink.Fate.FORWARD;
    }

    @Override
    public void die() {
      dead.complete(null);
    }
  }

  /* Handlers keep the System.out they find at construction: one environment is built at a time. */
  private static final Object CONSTRUCTION = new Object();

  /** A handler instance, its links and its stdout; the links ask the invocation in {@code current}. */
  private record Environment(
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      List<EnvironmentLink> links,
      AtomicReference<Invocation> current,
      EnvironmentOut out) implements AutoCloseable {

    static Environment start(Function<Map<String, String>, RequestHandler<SQSEvent, SQSBatchResponse>> functions,
        Upstreams upstreams) {
      AtomicReference<Invocation> current = new AtomicReference<>();
      try {
        EnvironmentLink openSearch = EnvironmentLink.start(upstreams.openSearch(), current::get, body -> false);
        EnvironmentLink dynamoDb = EnvironmentLink.start(upstreams.dynamoDb(), current::get,
            body -> tableName(body).equals(upstreams.idempotencyTable()));
        EnvironmentLink sqs = EnvironmentLink.start(upstreams.sqs(), current::get, body -> false);
        Map<String, String> endpoints = Map.of(
            "OPENSEARCH_ENDPOINT", openSearch.uri().toString(),
            "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.uri().toString(),
            "AWS_ENDPOINT_URL_SQS", sqs.uri().toString());
        RequestHandler<SQSEvent, SQSBatchResponse> handler;
        EnvironmentOut out;
        synchronized (CONSTRUCTION) {
          PrintStream shared = System.out;
          out = new EnvironmentOut(shared);
          System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
          try {
            handler = functions.apply(endpoints);
          } finally {
            System.setOut(shared);
          }
        }
        return new Environment(handler, List.of(openSearch, dynamoDb, sqs), current, out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the indexer environment's links", e);
      }
    }

    private static String tableName(byte[] body) {
      try {
        JsonNode request = ChangeMessages.MAPPER.readTree(body);
        return request == null ? "" : request.path("TableName").asText("");
      } catch (IOException e) {
        return "";
      }
    }

    @Override
    public void close() {
      out.dead = true;
      links.forEach(EnvironmentLink::close);
    }
  }

  /** An environment's stdout: whole lines to the shared stdout while it lives, nothing once dead. */
  private static final class EnvironmentOut extends OutputStream {
    private final PrintStream shared;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    volatile boolean dead;

    EnvironmentOut(PrintStream shared) {
      this.shared = shared;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        if (!dead) {
          shared.write(line.toByteArray(), 0, line.size()); // one call: lines of environments never interleave
        }
        line.reset();
      }
    }
  }
}
