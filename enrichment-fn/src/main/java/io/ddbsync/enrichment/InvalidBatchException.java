package io.ddbsync.enrichment;

/**
 * The invocation's input is not a JSON array of objects, so no record can be told apart: the only
 * case that fails the whole invocation (Pipes then retries the batch).
 */
public final class InvalidBatchException extends RuntimeException {
  public InvalidBatchException(String message) {
    super(message);
  }
}
