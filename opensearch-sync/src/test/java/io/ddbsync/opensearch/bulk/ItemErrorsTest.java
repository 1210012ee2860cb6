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
  void writeBlockIsRetryableBecauseItLifts() {
    assertThat(ItemErrors.classify(403, "cluster_block_exception", "index [orders] blocked by: [FORBIDDEN/8/index write (api)];"))
        .isInstanceOf(ItemResult.Retryable.class);
    assertThat(ItemErrors.classify(403, "security_exception", "no permissions for [indices:data/write/bulk]"))
        .isInstanceOf(ItemResult.Permanent.class);
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

  @Test
  void anItemAndAWholeRequestWithTheSameStatusAreClassedAlike() {
    for (int status : new int[] {400, 403, 404, 413}) {
      assertThat(ErrorClass.of(status)).isEqualTo(ErrorClass.PERMANENT);
      assertThat(ItemErrors.classify(status, "", "")).isInstanceOf(ItemResult.Permanent.class);
      assertThat(BulkRequestFailure.status(status, "", null).errorClass()).isEqualTo(ErrorClass.PERMANENT);
    }
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(ErrorClass.of(status)).isEqualTo(ErrorClass.RETRYABLE);
      assertThat(ItemErrors.classify(status, "", "")).isInstanceOf(ItemResult.Retryable.class);
      assertThat(BulkRequestFailure.status(status, "", null).errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    }
  }

  @Test
  void aRequestWithoutAnAnswerIsRetryable() {
    assertThat(BulkRequestFailure.noAnswer(new java.net.SocketTimeoutException("Read timed out")).errorClass())
        .isEqualTo(ErrorClass.RETRYABLE);
  }
}
