package io.ddbsync.cli.shared.compare;

import java.util.OptionalLong;

/**
 * What the index holds for one id: the content hash of its {@code _source}, whether it is live (not
 * a tombstone), its external version, and the value of the table's TTL attribute in it (epoch
 * seconds; empty when verify looks for none, or the document has none).
 */
public record IndexedDocument(String hash, boolean live, long version, OptionalLong expiresAt) {}
