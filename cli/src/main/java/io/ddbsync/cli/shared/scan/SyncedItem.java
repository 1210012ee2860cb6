package io.ddbsync.cli.shared.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A table item as the pipeline indexes it: routed, identified and projected exactly as the
 * enrichment function does for a stream record carrying this item as its new image.
 *
 * @param keys the item's key attributes in DynamoDB JSON
 * @param document the converted, projected document
 */
public record SyncedItem(String index, String id, String groupId, ObjectNode keys, ObjectNode document) {}
