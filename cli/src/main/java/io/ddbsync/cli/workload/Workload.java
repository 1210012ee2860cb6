package io.ddbsync.cli.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A generated stream and the table it leaves behind.
 *
 * @param records the stream records in stream order (NEW_AND_OLD_IMAGES)
 * @param table each live item's final image in DynamoDB JSON, by its key in DynamoDB JSON (as text);
 *     an item whose last change removed it is absent
 * @param keyAttributes the key attribute names in key order (partition key, then sort key)
 */
public record Workload(List<ObjectNode> records, Map<String, ObjectNode> table, List<String> keyAttributes) {}
