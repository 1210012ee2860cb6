package io.ddbsync.cli.local.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.dynamodb.local.Tables;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB tables the indexer reads locally: the Powertools idempotency table, and the source
 * table, loaded with each item's last state as the stream tells it, so that a fetch message (a
 * consistent GetItem of the current item) reads what the real table would hold.
 */
public final class LocalTables {

  /** BatchWriteItem takes at most 25 requests. */
  private static final int BATCH_WRITE_MAX = 25;

  private LocalTables() {}

  /** Key {@code id} (S) and TTL attribute {@code expiration}: the Powertools idempotency defaults. */
  public static void createIdempotencyTable(DynamoDbClient dynamoDb, String name) {
    dynamoDb.createTable(b -> b.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    Tables.awaitActive(dynamoDb, name);
  }

  /**
   * Creates the source table with the given key attributes (types taken from the records' keys) and
   * loads the items; an empty {@code keyAttributes} means the record's key names sorted, as the
   * enrichment's default.
   */
  public static void createSourceTable(
      DynamoDbClient dynamoDb, String name, List<String> keyAttributes, Map<String, ObjectNode> items) {
    List<String> keys = keyAttributes;
    JsonNode sample = items.values().stream().findFirst().map(JsonNode.class::cast).orElse(null);
    if (keys.isEmpty()) {
      keys = new ArrayList<>();
      if (sample != null) {
        sample.fieldNames().forEachRemaining(keys::add);
      }
    }
    List<AttributeDefinition> definitions = new ArrayList<>();
    List<KeySchemaElement> schema = new ArrayList<>();
    for (int i = 0; i < keys.size() && i < 2; i++) {
      String key = keys.get(i);
      String type = sample == null ? "S" : sample.path(key).fieldNames().hasNext() ? sample.path(key).fieldNames().next() : "S";
      definitions.add(AttributeDefinition.builder().attributeName(key).attributeType(ScalarAttributeType.fromValue(type)).build());
      schema.add(KeySchemaElement.builder().attributeName(key).keyType(i == 0 ? KeyType.HASH : KeyType.RANGE).build());
    }
    if (schema.isEmpty()) {
      definitions.add(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
      schema.add(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
    }
    dynamoDb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(definitions).keySchema(schema));
    Tables.awaitActive(dynamoDb, name);
    List<WriteRequest> batch = new ArrayList<>();
    for (ObjectNode item : items.values()) {
      Optional<Map<String, AttributeValue>> attributes = storable(item, definitions);
      if (attributes.isEmpty()) {
        continue; // a malformed record's image: DynamoDB could never have held it
      }
      batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(attributes.get()).build()).build());
      if (batch.size() == BATCH_WRITE_MAX) {
        write(dynamoDb, name, batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      write(dynamoDb, name, batch);
    }
  }

  /** The item as the SDK's attributes, if it has every key attribute with its type and only known types. */
  private static Optional<Map<String, AttributeValue>> storable(JsonNode item, List<AttributeDefinition> keys) {
    for (AttributeDefinition key : keys) {
      if (!item.path(key.attributeName()).has(key.attributeTypeAsString())) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(attributes(item));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void write(DynamoDbClient dynamoDb, String table, List<WriteRequest> batch) {
    Map<String, List<WriteRequest>> pending = Map.of(table, batch);
    while (!pending.isEmpty()) {
      Map<String, List<WriteRequest>> request = pending;
      pending = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
    }
  }

  /**
   * The last state of every item the records describe, in DynamoDB JSON, by the text of its keys:
   * the NewImage of its latest INSERT or MODIFY, nothing after a REMOVE. "Latest" is stream order
   * (ApproximateCreationDateTime, then SequenceNumber), whatever the order of the files.
   */
  public static Map<String, ObjectNode> finalItems(List<ObjectNode> records) {
    List<ObjectNode> ordered = new ArrayList<>(records);
    ordered.sort(Comparator.comparingLong((ObjectNode r) -> r.path("dynamodb").path("ApproximateCreationDateTime").asLong())
        .thenComparing(r -> sequence(r.path("dynamodb").path("SequenceNumber").asText())));
    Map<String, ObjectNode> items = new LinkedHashMap<>();
    for (ObjectNode record : ordered) {
      JsonNode dynamodb = record.path("dynamodb");
      if (!dynamodb.path("Keys").isObject()) {
        continue;
      }
      String key = dynamodb.path("Keys").toString();
      if ("REMOVE".equals(record.path("eventName").asText())) {
        items.remove(key);
      } else if (dynamodb.path("NewImage").isObject()) {
        items.put(key, (ObjectNode) dynamodb.get("NewImage"));
      }
    }
    return items;
  }

  private static BigInteger sequence(String text) {
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }

  static Map<String, AttributeValue> attributes(JsonNode item) {
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    item.fields().forEachRemaining(e -> attributes.put(e.getKey(), value(e.getValue())));
    return attributes;
  }

  /** DynamoDB JSON ({@code {"S": "x"}}, {@code {"N": "1"}}…) to the SDK's AttributeValue. */
  static AttributeValue value(JsonNode typed) {
    Iterator<Map.Entry<String, JsonNode>> fields = typed.fields();
    if (!fields.hasNext()) {
      throw new IllegalArgumentException("not a DynamoDB attribute value: " + typed);
    }
    Map.Entry<String, JsonNode> field = fields.next();
    JsonNode v = field.getValue();
    return switch (field.getKey()) {
      case "S" -> AttributeValue.fromS(v.asText());
      case "N" -> AttributeValue.fromN(v.asText());
      case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
      case "NULL" -> AttributeValue.fromNul(true);
      case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(v.asText())));
      case "SS" -> AttributeValue.fromSs(texts(v));
      case "NS" -> AttributeValue.fromNs(texts(v));
      case "BS" -> AttributeValue.fromBs(texts(v).stream()
          .map(b -> SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(b))).toList());
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        v.forEach(e -> list.add(value(e)));
        yield AttributeValue.fromL(list);
      }
      case "M" -> AttributeValue.fromM(attributes(v));
      default -> throw new IllegalArgumentException("unknown DynamoDB type " + field.getKey());
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(e -> texts.add(e.asText()));
    return texts;
  }
}
