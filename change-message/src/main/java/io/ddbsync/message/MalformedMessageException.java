package io.ddbsync.message;

/** A queue message that is not a valid {@link ChangeMessage}: permanent, retrying cannot help. */
public final class MalformedMessageException extends Exception {
  public MalformedMessageException(String reason) {
    super(reason);
  }
}
