package io.ddbsync.opensearch.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.opensearch.bulk.DeadLetterKind;
import org.junit.jupiter.api.Test;

class ItemErrorsTest {

  @Test
  void createdAndUpdatedAreApplied() {
    assertThat(ItemErrors.classify(201, "", "")).isEqualTo(new ItemResult.Applied(false));
    assertThat(ItemErrors.classify(200, "", "")).isEqualTo(new ItemResult.Applied(false));
  }

  @Test
  void versionConflictIsSuccessBecauseTheIndexIsAlreadyNewer() {
    assertThat(ItemErrors.classify(409, "version_conflict_engine_exception", "[o#1]: version conflict"))
        .isEqualTo(new ItemResult.Applied(true));
  }

  @Test
  void throttlingAndServerErrorsAreRetryable() {
    assertThat(ItemErrors.classify(429, "es_rejected_execution_exception", "queue full"))
        .isInstanceOf(ItemResult.Retryable.class);
    assertThat(ItemErrors.classify(503, "unavailable_shards_exception", "primary shard is not active"))
        .isInstanceOf(ItemResult.Retryable.class);
  }

  @Test
  void mappingErrorIsPermanentWithoutItsValuePreviewOrDocumentId() {
    ItemResult result =
        ItemErrors.classify(
            400,
            "mapper_parsing_exception",
            "failed to parse field [total] of type [long] in document with id 'o#1'. Preview of field's value: 'secret'");

    assertThat(result)
        .isEqualTo(
            new ItemResult.Permanent(
                DeadLetterKind.MAPPING,
                "400 mapper_parsing_exception: failed to parse field [total] of type [long]."));
  }

  @Test
  void otherClientErrorsArePermanentWithTheirKind() {
    assertThat(ItemErrors.classify(400, "illegal_argument_exception", "id is too long"))
        .isEqualTo(new ItemResult.Permanent(DeadLetterKind.ILLEGAL_ARGUMENT, "400 illegal_argument_exception: id is too long"));
    assertThat(((ItemResult.Permanent) ItemErrors.classify(400, "max_bytes_length_exceeded_exception", "")).kind())
        .isEqualTo(DeadLetterKind.TOO_LARGE);
    assertThat(((ItemResult.Permanent) ItemErrors.classify(413, "", "")).kind()).isEqualTo(DeadLetterKind.TOO_LARGE);
    assertThat(((ItemResult.Permanent) ItemErrors.classify(404, "index_not_found_exception", "")).kind())
        .isEqualTo(DeadLetterKind.REJECTED);
  }
}
