package io.ddbsync.indexer.deadletter;

/** Where permanently failing messages go, so that one poison message never blocks its group. */
public interface DeadLetterQueue {

  /** Sends the message; throws when it may not have been stored (the caller then reports it failed). */
  void send(DeadLetter letter);
}
