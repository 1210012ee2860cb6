package io.ddbsync.template;

/** The template cannot be read, or lacks what a helper looks for; the message says where. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
