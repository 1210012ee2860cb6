package io.ddbsync.indexer.deadletter;

import io.ddbsync.opensearch.bulk.DeadLetterKind;

import io.ddbsync.indexer.queue.QueueMessage;

/** A message to move to the dead-letter queue unchanged, with why. */
public record DeadLetter(QueueMessage message, DeadLetterKind kind, String reason) {}
