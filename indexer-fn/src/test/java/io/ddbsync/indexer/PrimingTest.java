package io.ddbsync.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import org.junit.jupiter.api.Test;

class PrimingTest {

  /** The upsert and the delete are applied (created, conflict); only the body that is not JSON fails. */
  @Test
  void primingBatchRunsOfflineAndFailsOnlyItsMalformedMessage() {
    assertThat(Priming.prime().getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("prime-3");
  }
}
