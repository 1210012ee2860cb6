package io.ddbsync.cli.local.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB Streams API over a run's stream records, on loopback: {@code DescribeStream},
 * {@code GetShardIterator} (TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER) and
 * {@code GetRecords}, in the JSON protocol the SDK speaks ({@code X-Amz-Target:
 * DynamoDBStreams_20120810.*}). Each stream ARN the records name ({@code eventSourceARN}) is one
 * stream of one shard, {@link #SHARD_ID}, holding its records in sequence-number order. A shard is
 * open while records may still be added and closed by {@link #closeShards()}: a closed shard's last
 * page has no next iterator. Records older than {@link #trimBefore} are gone, as after the stream's
 * 24 hours ({@code TrimmedDataAccessException}).
 */
public final class LocalStreams implements AutoCloseable {

  /** The one shard of each local stream. */
  public static final String SHARD_ID = "shardId-00000000000000000001-00000001";

  /** GetRecords returns at most this many records when the request sets no smaller Limit. */
  static final int MAX_PAGE = 1000;

  private static final String TARGET = "DynamoDBStreams_20120810.";

  private final HttpServer server;
  private final Map<String, List<ObjectNode>> streams = new LinkedHashMap<>();
  private volatile boolean closed;
  private volatile BigInteger trimmedBefore = BigInteger.ZERO;

  private LocalStreams(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts on a free loopback port, serving {@code records} in open shards, in sequence-number order.
   * A record without {@code eventSourceARN} or sequence number belongs to no stream and is left out.
   */
  public static LocalStreams start(List<ObjectNode> records) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UserError("cannot start the local DynamoDB Streams API on loopback: " + e.getMessage(), e);
    }
    LocalStreams streams = new LocalStreams(server);
    records.stream()
        .filter(r -> r.hasNonNull("eventSourceARN") && r.path("dynamodb").hasNonNull("SequenceNumber"))
        .sorted(java.util.Comparator.comparing(LocalStreams::sequence))
        .forEach(streams::add);
    server.createContext("/", streams::handle);
    server.start();
    return streams;
  }

  public URI endpoint() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  /** Appends a record to its stream's shard; sequence numbers must rise. */
  public synchronized void add(ObjectNode record) {
    String arn = record.path("eventSourceARN").asText();
    if (arn.isEmpty()) {
      throw new IllegalArgumentException("stream record " + record.path("eventID").asText() + " has no eventSourceARN");
    }
    streams.computeIfAbsent(arn, a -> new ArrayList<>()).add(record);
  }

  /** No more records will come: the shards' last pages end the reads. */
  public void closeShards() {
    closed = true;
  }

  /** Records with a lower sequence number are gone, as after the stream's 24 hours. */
  public void trimBefore(BigInteger sequenceNumber) {
    trimmedBefore = sequenceNumber;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      JsonNode request = ChangeMessages.MAPPER.readTree(exchange.getRequestBody());
      ObjectNode response;
      try {
        response = switch (target.startsWith(TARGET) ? target.substring(TARGET.length()) : target) {
          case "DescribeStream" -> describeStream(request);
          case "GetShardIterator" -> getShardIterator(request);
          case "GetRecords" -> getRecords(request);
          default -> throw new ApiError("UnknownOperationException", "the local Streams API does not serve " + target);
        };
      } catch (ApiError e) {
        respond(exchange, 400, ChangeMessages.MAPPER.createObjectNode()
            .put("__type", "com.amazonaws.dynamodb.v20120810#" + e.type).put("message", e.getMessage()));
        return;
      }
      respond(exchange, 200, response);
    }
  }

  private synchronized ObjectNode describeStream(JsonNode request) {
    String arn = request.path("StreamArn").asText();
    List<ObjectNode> records = records(arn);
    ObjectNode response = ChangeMessages.MAPPER.createObjectNode();
    ObjectNode description = response.putObject("StreamDescription");
    description.put("StreamArn", arn).put("StreamStatus", "ENABLED");
    if (!records.isEmpty()) {
      description.put("StreamViewType", records.get(0).path("dynamodb").path("StreamViewType").asText("NEW_AND_OLD_IMAGES"));
    }
    ObjectNode range = description.putArray("Shards").addObject().put("ShardId", SHARD_ID).putObject("SequenceNumberRange");
    if (!records.isEmpty()) {
      range.put("StartingSequenceNumber", sequence(records.get(0)).toString());
      if (closed) {
        range.put("EndingSequenceNumber", sequence(records.get(records.size() - 1)).toString());
      }
    }
    return response;
  }

  private synchronized ObjectNode getShardIterator(JsonNode request) {
    String arn = request.path("StreamArn").asText();
    List<ObjectNode> records = records(arn);
    if (!SHARD_ID.equals(request.path("ShardId").asText())) {
      throw new ApiError("ResourceNotFoundException", "Requested resource not found: Shard does not exist");
    }
    String type = request.path("ShardIteratorType").asText();
    int position;
    switch (type) {
      case "TRIM_HORIZON" -> position = firstKept(records);
      case "LATEST" -> position = records.size();
      case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
        BigInteger sequence = new BigInteger(request.path("SequenceNumber").asText("0"));
        if (sequence.compareTo(trimmedBefore) < 0) {
          throw new ApiError("TrimmedDataAccessException",
              "The operation attempted to read past the oldest stream record in a shard.");
        }
        position = 0;
        int skip = type.startsWith("AFTER") ? 1 : 0;
        while (position < records.size() && sequence(records.get(position)).compareTo(sequence) < skip) {
          position++;
        }
      }
      default -> throw new ApiError("ValidationException", "unknown ShardIteratorType " + type);
    }
    return ChangeMessages.MAPPER.createObjectNode().put("ShardIterator", iterator(arn, position));
  }

  private synchronized ObjectNode getRecords(JsonNode request) {
    String[] iterator;
    try {
      iterator = new String(Base64.getUrlDecoder().decode(request.path("ShardIterator").asText()), StandardCharsets.UTF_8)
          .split("\n", 2);
    } catch (IllegalArgumentException e) {
      throw new ApiError("ValidationException", "not a shard iterator of this server");
    }
    if (iterator.length != 2) {
      throw new ApiError("ValidationException", "not a shard iterator of this server");
    }
    List<ObjectNode> records = records(iterator[1]);
    int position = Integer.parseInt(iterator[0]);
    if (position < firstKept(records)) {
      throw new ApiError("TrimmedDataAccessException", "The iterator points at records no longer in the stream.");
    }
    int limit = request.path("Limit").asInt(MAX_PAGE);
    int end = Math.min(records.size(), position + Math.max(1, Math.min(limit, MAX_PAGE)));
    ObjectNode response = ChangeMessages.MAPPER.createObjectNode();
    ArrayNode page = response.putArray("Records");
    records.subList(position, end).forEach(page::add);
    if (end < records.size() || !closed) {
      response.put("NextShardIterator", iterator(iterator[1], end));
    }
    return response;
  }

  private List<ObjectNode> records(String arn) {
    List<ObjectNode> records = streams.get(arn);
    if (records == null) {
      throw new ApiError("ResourceNotFoundException", "Requested resource not found: Stream " + arn + " does not exist");
    }
    return records;
  }

  private int firstKept(List<ObjectNode> records) {
    int position = 0;
    while (position < records.size() && sequence(records.get(position)).compareTo(trimmedBefore) < 0) {
      position++;
    }
    return position;
  }

  private static BigInteger sequence(ObjectNode record) {
    return new BigInteger(record.path("dynamodb").path("SequenceNumber").asText());
  }

  private static String iterator(String arn, int position) {
    return Base64.getUrlEncoder().encodeToString((position + "\n" + arn).getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static final class ApiError extends RuntimeException {
    final String type;

    ApiError(String type, String message) {
      super(message);
      this.type = type;
    }
  }
}
