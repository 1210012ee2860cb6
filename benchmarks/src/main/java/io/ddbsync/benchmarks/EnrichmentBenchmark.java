package io.ddbsync.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.enrichment.EnrichmentHandler;
import io.ddbsync.enrichment.EnrichmentResult;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.message.ChangeMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Records per second through the enrichment, beside Jackson merely parsing the same bytes into a
 * tree (the floor any JSON-in, JSON-out function pays). Scores are records/s: each invocation handles
 * the batch of ten.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(10)
public class EnrichmentBenchmark {

  private byte[] batch;
  private List<JsonNode> records;
  private EnrichmentHandler handler;
  private Enrichment enrichment;
  private ByteArrayOutputStream response;

  @Setup
  public void setUp() throws IOException {
    batch = StreamBatches.batchOfTen();
    records = new ArrayList<>();
    ChangeMessages.MAPPER.readTree(batch).forEach(records::add);
    EnrichmentConfig config = EnrichmentConfig.fromEnv(StreamBatches.ENV);
    // The summary line is built and written, as in Lambda, but to nowhere.
    handler = new EnrichmentHandler(config, new JsonLog("test", JsonLog.Level.INFO, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));
    enrichment = new Enrichment(config);
    response = new ByteArrayOutputStream(64 * 1024);
  }

  /** Bytes in, bytes out: what Lambda runs per invocation. */
  @Benchmark
  public int handler() throws IOException {
    response.reset();
    handler.handleRequest(new ByteArrayInputStream(batch), response, null);
    return response.size();
  }

  /** Jackson parsing the same bytes into a tree, nothing else. */
  @Benchmark
  public JsonNode parseOnly() throws IOException {
    return ChangeMessages.MAPPER.readTree(batch);
  }

  /** The enrichment of already parsed records (conversion, diff, ids, serialisation). */
  @Benchmark
  public EnrichmentResult enrichParsed() {
    return enrichment.enrich(records);
  }
}
