package io.ddbsync.enrichment.stream;

/** A stream record's {@code eventName}. */
public enum EventName {
  INSERT,
  MODIFY,
  REMOVE
}
