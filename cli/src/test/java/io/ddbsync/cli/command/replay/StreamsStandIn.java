package io.ddbsync.cli.command.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the DynamoDB Streams API (no local DynamoDB here has streams): the JSON protocol
 * ({@code X-Amz-Target: DynamoDBStreams_20120810.GetShardIterator / GetRecords}) over canned records
 * of one shard, with records below a trim horizon gone, pages of {@link #PAGE} records, a closed or
 * open shard, iterators that can be made to expire once, and throttled GetRecords calls.
 */
final class StreamsStandIn implements AutoCloseable {

  static final int PAGE = 2;
  static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/items/stream/2026-01-01T00:00:00.000";
  static final String SHARD = "shardId-00000001700000000000-abcdef01";

  private final HttpServer server;
  private final List<ObjectNode> records = new ArrayList<>();
  private final Map<String, Integer> iterators = new ConcurrentHashMap<>();
  private final AtomicInteger iteratorCount = new AtomicInteger();
  volatile BigInteger trimHorizon = BigInteger.ZERO;
  volatile boolean shardClosed = true;
  volatile int expireGetRecordsCall = -1;
  private final AtomicInteger getRecordsCalls = new AtomicInteger();
  /** The next this many GetRecords calls are refused with LimitExceededException. */
  final AtomicInteger throttledGetRecords = new AtomicInteger();

  StreamsStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds a NEW_AND_OLD_IMAGES record of item {@code pk} with attribute {@code n}, at {@code sequence}. */
  void add(long sequence, String eventName, String pk, int n) {
    ObjectNode record = ChangeMessages.MAPPER.createObjectNode();
    record.put("eventID", "event-" + sequence);
    record.put("eventName", eventName);
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", "us-east-1");
    ObjectNode dynamodb = record.putObject("dynamodb");
    dynamodb.put("ApproximateCreationDateTime", 1_767_225_600L + sequence);
    dynamodb.putObject("Keys").putObject("pk").put("S", pk);
    ObjectNode image = ChangeMessages.MAPPER.createObjectNode();
    image.putObject("pk").put("S", pk);
    image.putObject("n").put("N", Integer.toString(n));
    if (!eventName.equals("REMOVE")) {
      dynamodb.set("NewImage", image);
    }
    if (!eventName.equals("INSERT")) {
      ObjectNode before = image.deepCopy();
      before.putObject("n").put("N", Integer.toString(n - 1));
      dynamodb.set("OldImage", before);
    }
    dynamodb.put("SequenceNumber", sequenceNumber(sequence));
    dynamodb.put("SizeBytes", 40);
    dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
    records.add(record);
  }

  /** Stream sequence numbers are 21+ digit decimals. */
  static String sequenceNumber(long n) {
    return new BigInteger("100000000000000000000").add(BigInteger.valueOf(n)).toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    JsonNode request = ChangeMessages.MAPPER.readTree(exchange.getRequestBody());
    try {
      switch (target == null ? "" : target) {
        case "DynamoDBStreams_20120810.GetShardIterator" -> respond(exchange, 200, getShardIterator(request));
        case "DynamoDBStreams_20120810.GetRecords" -> respond(exchange, 200, getRecords(request));
        default -> respond(exchange, 400, error("UnknownOperationException", "not served here: " + target));
      }
    } catch (ApiError e) {
      respond(exchange, 400, error(e.type, e.getMessage()));
    }
  }

  private ObjectNode getShardIterator(JsonNode request) {
    if (!STREAM_ARN.equals(request.path("StreamArn").asText()) || !SHARD.equals(request.path("ShardId").asText())) {
      throw new ApiError("ResourceNotFoundException", "Requested resource not found: Stream or shard does not exist");
    }
    BigInteger sequence = new BigInteger(request.path("SequenceNumber").asText("0"));
    if (sequence.compareTo(trimHorizon) < 0) {
      throw new ApiError("TrimmedDataAccessException", "The operation attempted to read past the oldest stream record in a shard.");
    }
    boolean after = request.path("ShardIteratorType").asText().equals("AFTER_SEQUENCE_NUMBER");
    int position = 0;
    while (position < records.size() && compare(position, sequence) < (after ? 1 : 0)) {
      position++;
    }
    return ChangeMessages.MAPPER.createObjectNode().put("ShardIterator", iterator(position));
  }

  private int compare(int position, BigInteger sequence) {
    return new BigInteger(records.get(position).path("dynamodb").path("SequenceNumber").asText()).compareTo(sequence);
  }

  private ObjectNode getRecords(JsonNode request) {
    if (throttledGetRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new ApiError("LimitExceededException", "Your request rate is too high.");
    }
    Integer position = iterators.remove(request.path("ShardIterator").asText());
    if (position == null || getRecordsCalls.getAndIncrement() == expireGetRecordsCall) {
      throw new ApiError("ExpiredIteratorException", "Iterator expired");
    }
    ObjectNode response = ChangeMessages.MAPPER.createObjectNode();
    ArrayNode page = response.putArray("Records");
    int end = Math.min(records.size(), position + PAGE);
    for (int i = position; i < end; i++) {
      if (new BigInteger(records.get(i).path("dynamodb").path("SequenceNumber").asText()).compareTo(trimHorizon) < 0) {
        throw new ApiError("TrimmedDataAccessException", "trimmed while reading");
      }
      page.add(records.get(i));
    }
    if (end < records.size() || !shardClosed) {
      response.put("NextShardIterator", iterator(end));
    }
    return response;
  }

  private String iterator(int position) {
    String id = "iterator-" + iteratorCount.incrementAndGet();
    iterators.put(id, position);
    return id;
  }

  private static ObjectNode error(String type, String message) {
    return ChangeMessages.MAPPER.createObjectNode()
        .put("__type", "com.amazonaws.dynamodb.v20120810#" + type)
        .put("message", message);
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
