package io.ddbsync.cli.command.verify;

/**
 * What the index holds for one id: the content hash of its {@code _source}, whether it is live (not
 * a tombstone) and its external version.
 */
record IndexedDocument(String hash, boolean live, long version) {}
