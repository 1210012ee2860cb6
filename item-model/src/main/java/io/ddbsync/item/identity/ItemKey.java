package io.ddbsync.item.identity;

/**
 * Where an item's changes go: {@code documentId} is the OpenSearch {@code _id} (at most 512 bytes of
 * UTF-8), {@code groupId} the SQS message group (at most 100 printable ASCII characters), so that all
 * changes of one item are delivered in order.
 */
public record ItemKey(String documentId, String groupId) {}
