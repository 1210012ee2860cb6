package io.ddbsync.enrichment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Invalid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pipes enrichment Lambda: a JSON array of DynamoDB stream records in, a JSON array of change
 * messages out. Pipes sends each element to the SQS FIFO target, grouped by {@code $.groupId} and
 * deduplicated by {@code $.dedupId}.
 */
public final class EnrichmentHandler implements RequestStreamHandler {

  /** The {@code service} field of its log lines. */
  public static final String SERVICE = "ddbsync-enrichment";

  private final Enrichment enrichment;
  private final JsonLog log;
  private final ItemKeyHash itemKeys;

  /** Lambda's constructor: configuration from the environment, read once per execution environment. */
  public EnrichmentHandler() {
    this(EnrichmentConfig.fromEnv(System.getenv()));
  }

  public EnrichmentHandler(EnrichmentConfig config) {
    this(config, new JsonLog(SERVICE, config.logLevel(), System.out, Clock.systemUTC()));
  }

  /** With another log destination: tests and benchmarks. */
  public EnrichmentHandler(EnrichmentConfig config, JsonLog log) {
    this.enrichment = new Enrichment(config);
    this.log = log;
    this.itemKeys = config.itemKeys();
    prime();
  }

  /**
   * Runs one synthetic batch through parsing, enrichment and serialisation, so that Jackson builds
   * its (de)serialisers during Lambda's init phase (which SnapStart snapshots) rather than on the
   * first invocation. Nothing is logged or returned.
   */
  private void prime() {
    String batch =
        "[{\"eventID\":\"prime\",\"eventName\":\"MODIFY\",\"dynamodb\":{"
            + "\"ApproximateCreationDateTime\":1700000000,\"Keys\":{\"k\":{\"S\":\"k\"}},"
            + "\"NewImage\":{\"k\":{\"S\":\"k\"},\"n\":{\"N\":\"1.5\"},\"l\":{\"L\":[{\"M\":{}}]}},"
            + "\"OldImage\":{\"k\":{\"S\":\"k\"}},\"SequenceNumber\":\"100000000000000000001\","
            + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}},{}]";
    try {
      enrichment
          .enrich(readBatch(new ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8))))
          .writeJsonArray(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the enrichment failed on its own priming batch", e);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String requestId = context == null ? "" : context.getAwsRequestId();
    EnrichmentResult result = enrichment.enrich(readBatch(input));

    for (var message : result.messages()) {
      if (message instanceof Invalid invalid) {
        log.warn(
            "invalid record",
            Map.of(
                "requestId", requestId,
                "eventId", invalid.eventId(),
                "itemKey", itemKeys.of(invalid.groupId()),
                "reason", invalid.reason()));
      }
    }
    EnrichmentCounts counts = result.counts();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("requestId", requestId);
    summary.put("records", counts.records());
    summary.put("upserts", counts.upserts());
    summary.put("deletes", counts.deletes());
    summary.put("fetches", counts.fetches());
    summary.put("invalid", counts.invalid());
    summary.put("skipped", counts.skipped());
    summary.put("ttlKept", counts.ttlKept());
    summary.put("unrouted", counts.unrouted());
    log.info("enriched batch", summary);

    result.writeJsonArray(output);
    output.flush();
  }

  /** Streams the array element by element; only input that is not an array of objects is refused. */
  private static List<JsonNode> readBatch(InputStream input) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    // Lambda hands over a buffered payload of at most 6 MB: parsing it from one array skips the
    // stream parser's buffer-boundary paths.
    try (JsonParser parser = ChangeMessages.MAPPER.createParser(input.readAllBytes())) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new InvalidBatchException(
            "enrichment input must be a JSON array of DynamoDB stream records, as Pipes sends it;"
                + " got " + describe(parser.currentToken()));
      }
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.START_OBJECT) {
          throw new InvalidBatchException(
              "element " + records.size() + " of the enrichment input is "
                  + describe(token) + ", not a stream record object");
        }
        records.add(ChangeMessages.MAPPER.readTree(parser));
      }
      if (parser.nextToken() != null) {
        throw new InvalidBatchException("enrichment input has content after its JSON array");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidBatchException("enrichment input is not valid JSON: " + e.getOriginalMessage());
    }
    return records;
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }
}
