package io.ddbsync.indexer.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.item.convert.DynamoJson;

import io.ddbsync.item.InvalidRecordException;
import io.ddbsync.item.diff.Projection;
import io.ddbsync.message.Fetch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads fetched items with one strongly consistent {@code BatchGetItem} (a FIFO batch holds at most
 * 10 messages, below its 100-key limit), and converts them with the enrichment's projection and
 * DynamoDB-JSON conversion, so a fetched document looks exactly like a streamed one.
 *
 * <p>Consistent reads matter: the fetch message's version is the stream record's, and the read must
 * see at least that change, or an older state would be indexed under a newer version.
 */
public final class DynamoDbItemReader implements ItemReader {

  /* BatchGetItem may leave keys unprocessed under throttling; the SDK already retries whole calls. */
  private static final int UNPROCESSED_ROUNDS = 3;

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final Projection projection;

  public DynamoDbItemReader(DynamoDbClient dynamoDb, String tableName, Projection projection) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.projection = projection;
  }

  @Override
  public Map<String, FetchResult> read(Map<String, Fetch> fetchesByMessageId) {
    Map<String, FetchResult> results = new LinkedHashMap<>();
    Map<Map<String, AttributeValue>, List<String>> messagesByKey = new LinkedHashMap<>();
    fetchesByMessageId.forEach(
        (messageId, fetch) -> {
          try {
            messagesByKey
                .computeIfAbsent(DynamoJson.toAttributeValues(fetch.keys()), key -> new ArrayList<>())
                .add(messageId);
          } catch (IllegalArgumentException e) {
            results.put(messageId, new FetchResult.Unconvertible(e.getMessage()));
          }
        });
    if (messagesByKey.isEmpty()) {
      return results;
    }
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
    List<Map<String, AttributeValue>> unread = new ArrayList<>(messagesByKey.keySet());
    Set<String> keyNames = unread.get(0).keySet();
    try {
      for (int round = 0; round < UNPROCESSED_ROUNDS && !unread.isEmpty(); round++) {
        BatchGetItemResponse response =
            dynamoDb.batchGetItem(
                request ->
                    request.requestItems(
                        Map.of(
                            tableName,
                            KeysAndAttributes.builder().keys(unread).consistentRead(true).build())));
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
          Map<String, AttributeValue> key = new HashMap<>();
          keyNames.forEach(name -> key.put(name, item.get(name)));
          found.put(key, item);
        }
        KeysAndAttributes unprocessed = response.unprocessedKeys().get(tableName);
        unread.clear();
        if (unprocessed != null) {
          unread.addAll(unprocessed.keys());
        }
      }
    } catch (SdkException e) {
      String reason = "BatchGetItem on " + tableName + " failed: " + e.getMessage();
      messagesByKey.values().forEach(ids -> ids.forEach(id -> results.put(id, new FetchResult.Unavailable(reason))));
      return results;
    }
    messagesByKey.forEach(
        (key, messageIds) -> {
          FetchResult result = result(key, found, unread);
          messageIds.forEach(id -> results.put(id, result));
        });
    return results;
  }

  private FetchResult result(
      Map<String, AttributeValue> key,
      Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found,
      List<Map<String, AttributeValue>> unread) {
    if (unread.contains(key)) {
      return new FetchResult.Unavailable(
          "BatchGetItem on " + tableName + " left the key unprocessed " + UNPROCESSED_ROUNDS + " times");
    }
    Map<String, AttributeValue> item = found.get(key);
    if (item == null) {
      return new FetchResult.Missing();
    }
    try {
      JsonNode image = DynamoJson.toJson(item);
      return new FetchResult.Found(projection.document(image, "Item"), image);
    } catch (InvalidRecordException | IllegalArgumentException e) {
      return new FetchResult.Unconvertible(e.getMessage());
    }
  }
}
