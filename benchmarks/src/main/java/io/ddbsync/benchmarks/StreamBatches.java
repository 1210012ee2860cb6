package io.ddbsync.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.util.Map;

/**
 * A realistic Pipes batch: ten NEW_AND_OLD_IMAGES records of one table, order items of about 1.5 KB
 * in DynamoDB JSON: 2 inserts, 5 modifies of an indexed attribute, 1 modify of only
 * {@code updatedAt}, 2 removes.
 */
final class StreamBatches {

  static final Map<String, String> ENV =
      Map.of(
          "KEY_ATTRIBUTES", "pk,sk",
          "ROUTES", "pk^CUSTOMER#=>customers;entityType=Order=>orders",
          "IGNORED_ATTRIBUTES", "updatedAt");

  private StreamBatches() {}

  static byte[] batchOfTen() {
    ArrayNode batch = ChangeMessages.MAPPER.createArrayNode();
    for (int i = 0; i < 10; i++) {
      String eventName = i < 2 ? "INSERT" : i < 8 ? "MODIFY" : "REMOVE";
      ObjectNode oldImage = item(i, "PAID", "2024-06-10T08:14:22Z");
      ObjectNode newImage = item(i, i == 7 ? "PAID" : "SHIPPED", "2024-06-10T08:15:0" + (i % 10) + "Z");
      ObjectNode record = batch.addObject();
      record.put("eventID", String.format("%032x", 0x5eed_0000L + i * 7919L));
      record.put("eventName", eventName);
      record.put("eventVersion", "1.1");
      record.put("eventSource", "aws:dynamodb");
      record.put("awsRegion", "eu-west-1");
      ObjectNode dynamodb = record.putObject("dynamodb");
      dynamodb.put("ApproximateCreationDateTime", 1_718_007_262L + i);
      ObjectNode keys = dynamodb.putObject("Keys");
      keys.set("pk", newImage.get("pk"));
      keys.set("sk", newImage.get("sk"));
      if (!eventName.equals("REMOVE")) {
        dynamodb.set("NewImage", newImage);
      }
      if (!eventName.equals("INSERT")) {
        dynamodb.set("OldImage", oldImage);
      }
      dynamodb.put("SequenceNumber", "44215845000000000174504" + (39091 + i * 1117));
      dynamodb.put("SizeBytes", 1400);
      dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
      record.put(
          "eventSourceARN",
          "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-06-10T08:14:22.187");
    }
    try {
      return ChangeMessages.MAPPER.writeValueAsBytes(batch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode item(int i, String status, String updatedAt) {
    ObjectNode item = ChangeMessages.MAPPER.createObjectNode();
    s(item, "pk", "ORDER#" + (70_000 + i));
    s(item, "sk", "META");
    s(item, "entityType", "Order");
    s(item, "customerId", "CUSTOMER#" + (1_000 + i * 13));
    s(item, "status", status);
    n(item, "total", "1249.90");
    s(item, "currency", "EUR");
    s(item, "channel", "web");
    s(item, "shippingAddress", "Karl-Liebknecht-Straße 29, 10178 Berlin, Germany");
    s(item, "note", "Please leave the parcel with the neighbour at number 31 if nobody answers the door.");
    item.putObject("giftWrap").put("BOOL", i % 2 == 0);
    item.putObject("coupon").put("NULL", true);
    item.putObject("tags").putArray("SS").add("priority").add("gift").add("repeat-customer");
    ArrayNode lines = item.putObject("lines").putArray("L");
    for (int line = 0; line < 5; line++) {
      ObjectNode m = lines.addObject().putObject("M");
      s(m, "sku", "SKU-" + (4410 + line));
      s(m, "title", "Stoneware mug, 350 ml, glazed");
      n(m, "qty", String.valueOf(1 + line % 3));
      n(m, "unitPrice", "24.99");
      n(m, "weightKg", "0.42");
    }
    ObjectNode payment = item.putObject("payment").putObject("M");
    s(payment, "method", "card");
    s(payment, "last4", "4242");
    n(payment, "authorisedAt", "1718007262");
    s(item, "createdAt", "2024-06-10T08:14:22Z");
    s(item, "updatedAt", updatedAt);
    return item;
  }

  private static void s(ObjectNode target, String name, String value) {
    target.putObject(name).put("S", value);
  }

  private static void n(ObjectNode target, String name, String value) {
    target.putObject(name).put("N", value);
  }
}
