package io.ddbsync.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * The largest batches each function can be handed, for {@link MemoryCeiling}: orders whose size is
 * in a list of line items (maps of five attributes), the shape that makes the most JSON nodes per
 * byte among realistic items.
 *
 * <ul>
 *   <li>the enrichment: one Pipes batch of 10 NEW_AND_OLD_IMAGES MODIFY records filling Lambda's
 *       6 MiB synchronous payload (Pipes' BatchSize for an SQS target is at most 10);
 *   <li>the indexer: an SQS event of {@code messages} upserts whose bodies fill the queue's
 *       MaximumMessageSize (1 MiB). Lambda hands a function at most 6 MB per invocation, so an event
 *       of ten such messages is more than Lambda can deliver: a ceiling, not a case.
 * </ul>
 */
final class LargeBatches {

  static final int SIX_MIB = 6 * 1024 * 1024;
  static final int ONE_MIB = 1024 * 1024;

  private LargeBatches() {}

  /** Ten MODIFY records, each with as many line items as fit {@code maxBytes} in all. */
  static byte[] enrichmentBatch(int maxBytes) {
    return largest(lines -> enrichmentBatchOf(10, lines), maxBytes);
  }

  /** {@code messages} upserts, each body as large as fits {@code maxBodyBytes}. */
  static byte[] indexerEvent(int messages, int maxBodyBytes) {
    int lines = largestLines(n -> body(0, n).getBytes(StandardCharsets.UTF_8), maxBodyBytes);
    ObjectNode event = ChangeMessages.MAPPER.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (int i = 0; i < messages; i++) {
      ObjectNode record = records.addObject();
      record.put("messageId", String.format("00000000-0000-4000-8000-%012d", i));
      record.put("receiptHandle", "AQEBlarge" + i);
      record.put("body", body(i, lines));
      ObjectNode attributes = record.putObject("attributes");
      attributes.put("ApproximateReceiveCount", "1");
      attributes.put("MessageGroupId", "ORDER#" + i);
      attributes.put("MessageDeduplicationId", "large-" + i);
      record.putObject("messageAttributes");
      record.put("eventSource", "aws:sqs");
      record.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:ddbsync-changes.fifo");
      record.put("awsRegion", "eu-west-1");
    }
    return bytes(event);
  }

  static byte[] enrichmentBatchOf(int records, int lines) {
    ArrayNode batch = ChangeMessages.MAPPER.createArrayNode();
    for (int i = 0; i < records; i++) {
      ObjectNode record = batch.addObject();
      record.put("eventID", String.format("%032x", 0x1a76_0000L + i));
      record.put("eventName", "MODIFY");
      record.put("eventVersion", "1.1");
      record.put("eventSource", "aws:dynamodb");
      record.put("awsRegion", "eu-west-1");
      ObjectNode dynamodb = record.putObject("dynamodb");
      dynamodb.put("ApproximateCreationDateTime", 1_718_007_262L + i);
      ObjectNode keys = dynamodb.putObject("Keys");
      keys.putObject("pk").put("S", "ORDER#" + i);
      keys.putObject("sk").put("S", "META");
      dynamodb.set("NewImage", dynamoItem(i, lines, "SHIPPED"));
      dynamodb.set("OldImage", dynamoItem(i, lines, "PAID"));
      dynamodb.put("SequenceNumber", "4421584500000000017450" + (40000 + i));
      dynamodb.put("SizeBytes", 400_000);
      dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
      record.put("eventSourceARN", "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-06-10T08:14:22.187");
    }
    return bytes(batch);
  }

  private static ObjectNode dynamoItem(int i, int lines, String status) {
    ObjectNode item = ChangeMessages.MAPPER.createObjectNode();
    item.putObject("pk").put("S", "ORDER#" + i);
    item.putObject("sk").put("S", "META");
    item.putObject("entityType").put("S", "Order");
    item.putObject("status").put("S", status);
    ArrayNode list = item.putObject("lines").putArray("L");
    for (int line = 0; line < lines; line++) {
      ObjectNode m = list.addObject().putObject("M");
      m.putObject("sku").put("S", "SKU-" + (100_000 + line));
      m.putObject("title").put("S", "Stoneware mug " + line);
      m.putObject("qty").put("N", String.valueOf(1 + line % 3));
      m.putObject("unitPrice").put("N", "24.99");
      m.putObject("weightKg").put("N", "0.42");
    }
    return item;
  }

  private static String body(int i, int lines) {
    ObjectNode document = ChangeMessages.MAPPER.createObjectNode();
    document.put("pk", "ORDER#" + i);
    document.put("entityType", "Order");
    document.put("status", "SHIPPED");
    ArrayNode list = document.putArray("lines");
    for (int line = 0; line < lines; line++) {
      ObjectNode m = list.addObject();
      m.put("sku", "SKU-" + (100_000 + line));
      m.put("title", "Stoneware mug " + line);
      m.put("qty", 1 + line % 3);
      m.put("unitPrice", new BigDecimal("24.99"));
      m.put("weightKg", new BigDecimal("0.42"));
    }
    ObjectNode keys = ChangeMessages.MAPPER.createObjectNode();
    keys.putObject("pk").put("S", "ORDER#" + i);
    Upsert upsert =
        new Upsert(1, "ORDER#" + i, "large-" + i, "large-" + i, "large-orders", "ORDER#" + i,
            1L << 40 | i, keys, 1_718_007_262L, document);
    return ChangeMessages.write(upsert);
  }

  /** The output of {@code generate} for about the largest line count whose output fits {@code maxBytes}. */
  private static byte[] largest(IntFunction<byte[]> generate, int maxBytes) {
    return generate.apply(largestLines(generate, maxBytes));
  }

  /**
   * A line count whose output fits {@code maxBytes}, within a line or two of the largest: the size
   * grows about linearly with the lines, so it is estimated from two sizes and then corrected.
   */
  private static int largestLines(IntFunction<byte[]> generate, int maxBytes) {
    int base = generate.apply(100).length;
    double perLine = (generate.apply(200).length - base) / 100.0;
    int lines = 100 + (int) ((maxBytes - base) / perLine);
    for (int size = generate.apply(lines).length; size > maxBytes; size = generate.apply(lines).length) {
      lines -= 1 + (int) ((size - maxBytes) / perLine);
    }
    return lines;
  }

  private static byte[] bytes(JsonNode json) {
    try {
      return ChangeMessages.MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
