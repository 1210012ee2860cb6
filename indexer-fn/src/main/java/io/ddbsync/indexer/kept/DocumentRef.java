package io.ddbsync.indexer.kept;

/** A document id in one index (or write alias). */
public record DocumentRef(String index, String id) {}
