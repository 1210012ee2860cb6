package io.ddbsync.opensearch.bulk;

import java.util.regex.Pattern;

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
    // A write block lifts: reindex blocks the first layout's physical index for the seconds it takes
    // to replace it by the write alias, and a flood-stage disk block lifts once space is freed.
    if ("cluster_block_exception".equals(type)) {
      return new ItemResult.Retryable(described);
    }
    return switch (ErrorClass.of(status)) {
      case RETRYABLE -> new ItemResult.Retryable(described);
      case PERMANENT -> new ItemResult.Permanent(kind(status, type), described);
    };
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
    String general = general(reason);
    return status + (type.isEmpty() ? "" : " " + type) + (general.isEmpty() ? "" : ": " + general);
  }

  /**
   * Mapping errors end with "Preview of field's value: '…'": reasons are logged and attribute values
   * must never be, so the preview is cut (the dead letter's body still holds the document). The
   * document id is cut too: the dead letter carries it, and without it equal failures of many items
   * read, and count, as one reason.
   */
  static String general(String reason) {
    int preview = reason.indexOf(VALUE_PREVIEW);
    String withoutValue = preview < 0 ? reason : reason.substring(0, preview).strip();
    return DOCUMENT_ID.matcher(withoutValue).replaceAll("");
  }

  private static final String VALUE_PREVIEW = "Preview of field's value";
  private static final Pattern DOCUMENT_ID = Pattern.compile(" in document with id '[^']*'");
}
