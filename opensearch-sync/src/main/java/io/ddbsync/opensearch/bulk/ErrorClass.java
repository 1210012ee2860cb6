package io.ddbsync.opensearch.bulk;

/**
 * Whether an OpenSearch status is worth sending again, decided here for a bulk item and for a whole
 * {@code _bulk} request alike (as Data Prepper's {@code BulkRetryStrategy.canRetry} does): 429 (the
 * cluster is busy), 408 and every 5xx may pass on a later attempt; any other 4xx (400 malformed, 403
 * forbidden, 404 no such index, 413 too large) answers the same to the same request. See the
 * OpenSearch documentation, "Bulk" (response status codes), and the Amazon OpenSearch Service
 * developer guide, "Troubleshooting" (429 and 5xx).
 */
public enum ErrorClass {
  RETRYABLE,
  PERMANENT;

  /** The class of a non-2xx status. */
  public static ErrorClass of(int status) {
    return status == 429 || status == 408 || status >= 500 ? RETRYABLE : PERMANENT;
  }
}
