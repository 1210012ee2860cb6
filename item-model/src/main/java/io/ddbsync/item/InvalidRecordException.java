package io.ddbsync.item;

/**
 * A stream record (or scanned item) that cannot become a change: retrying cannot help, so it is
 * carried on as an {@code Invalid} message. The message names the field or attribute path and the
 * problem, never an attribute value, because it is logged.
 */
public final class InvalidRecordException extends RuntimeException {
  public InvalidRecordException(String reason) {
    super(reason, null, false, false);
  }
}
