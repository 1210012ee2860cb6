package io.ddbsync.cli.shared.error;

/**
 * A problem the user can fix (a template that does not parse, a port in use, a file that is not
 * stream records): the CLI prints the message as one line, without a stack trace.
 */
public final class UserError extends RuntimeException {

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
