package io.ddbsync.item.stream;

/** A stream record's {@code eventName}. */
public enum EventName {
  INSERT,
  MODIFY,
  REMOVE
}
