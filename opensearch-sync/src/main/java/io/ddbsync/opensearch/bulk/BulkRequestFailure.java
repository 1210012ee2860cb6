package io.ddbsync.opensearch.bulk;

import java.io.IOException;

/**
 * The {@code _bulk} request as a whole failed: no item was answered. A status-less failure (connection
 * refused, a timeout) is retryable; a status is classed by {@link ErrorClass#of}.
 */
public final class BulkRequestFailure extends IOException {

  private final ErrorClass errorClass;

  private BulkRequestFailure(String message, ErrorClass errorClass, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
  }

  /** OpenSearch (or a proxy in front of it) answered the request with {@code status}. */
  public static BulkRequestFailure status(int status, String detail, Throwable cause) {
    return new BulkRequestFailure("_bulk failed with " + status + ": " + detail, ErrorClass.of(status), cause);
  }

  /** No answer: the connection failed or the request timed out. */
  public static BulkRequestFailure noAnswer(Throwable cause) {
    return new BulkRequestFailure("_bulk request failed: " + cause.getMessage(), ErrorClass.RETRYABLE, cause);
  }

  public ErrorClass errorClass() {
    return errorClass;
  }
}
