package io.ddbsync.cli.local.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.stream.ViewType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generated stream and the table it leaves behind.
 *
 * @param records the stream records in stream order, with the images of {@code viewType}
 * @param table each live item's final image in DynamoDB JSON, by its key in DynamoDB JSON (as text);
 *     an item whose last change removed it is absent
 * @param keyAttributes the key attribute names in key order (partition key, then sort key)
 * @param expected what the index must converge to, as items like {@code table}: each item's image after
 *     its last change that is not poison (a poisoned change never reaches the index, it is
 *     dead-lettered); equal to {@code table} without poison
 * @param poisonEventIds the event ids of the poisoned changes, each of which must end in the
 *     dead-letter queue with a mapping reason
 * @param ttlExpired items whose last change was a TTL expiry, at the image {@code expected} held before
 *     it: what an index with {@code TTL_EXPIRY=keep} keeps, when that image reached it
 * @param oversize the keys (as in {@code table}) of the items too large for a message: their changes
 *     reach the indexer as fetches of the table's final state
 * @param viewType the stream view type of the records
 */
public record Workload(
    List<ObjectNode> records,
    Map<String, ObjectNode> table,
    List<String> keyAttributes,
    Map<String, ObjectNode> expected,
    Set<String> poisonEventIds,
    Map<String, ObjectNode> ttlExpired,
    Set<String> oversize,
    ViewType viewType) {}
