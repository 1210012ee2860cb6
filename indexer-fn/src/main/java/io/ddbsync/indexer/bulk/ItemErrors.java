package io.ddbsync.indexer.bulk;

import io.ddbsync.indexer.deadletter.DeadLetterKind;

/** Classifies a bulk item's status and error into an {@link ItemResult}. */
public final class ItemErrors {

  private ItemErrors() {}

  /**
   * @param status the item's HTTP status
   * @param type the error type (e.g. {@code mapper_parsing_exception}), empty when none
   * @param reason the error reason
   */
  public static ItemResult classify(int status, String type, String reason) {
    if (status >= 200 && status < 300) {
      return new ItemResult.Applied(false);
    }
    if (status == 409 && "version_conflict_engine_exception".equals(type)) {
      // The index already holds this version or a newer one: the change is superseded, not lost.
      return new ItemResult.Applied(true);
    }
    String described = describe(status, type, reason);
    if (status == 429 || status >= 500 || status == 408) {
      return new ItemResult.Retryable(described);
    }
    return new ItemResult.Permanent(kind(status, type), described);
  }

  private static DeadLetterKind kind(int status, String type) {
    return switch (type) {
      case "mapper_parsing_exception",
          "strict_dynamic_mapping_exception",
          "document_parsing_exception" -> DeadLetterKind.MAPPING;
      case "max_bytes_length_exceeded_exception", "content_too_long_exception" -> DeadLetterKind.TOO_LARGE;
      case "illegal_argument_exception" -> DeadLetterKind.ILLEGAL_ARGUMENT;
      default -> status == 413 ? DeadLetterKind.TOO_LARGE : DeadLetterKind.REJECTED;
    };
  }

  private static String describe(int status, String type, String reason) {
    String withoutValue = withoutValuePreview(reason);
    return status + (type.isEmpty() ? "" : " " + type) + (withoutValue.isEmpty() ? "" : ": " + withoutValue);
  }

  /**
   * Mapping errors end with "Preview of field's value: '…'": reasons are logged and attribute values
   * must never be, so the preview is cut (the dead letter's body still holds the document).
   */
  static String withoutValuePreview(String reason) {
    int preview = reason.indexOf(VALUE_PREVIEW);
    return preview < 0 ? reason : reason.substring(0, preview).strip();
  }

  private static final String VALUE_PREVIEW = "Preview of field's value";
}
