package io.ddbsync.opensearch.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One index operation of the {@code _bulk} request, with {@code version} as its external version.
 *
 * @param messageId the SQS message the item comes from, to map results back
 * @param tombstone whether {@code document} is a delete's tombstone (for metrics)
 */
public record BulkItem(
    String messageId, String index, String id, long version, ObjectNode document, boolean tombstone) {}
