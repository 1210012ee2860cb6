package io.ddbsync.cli.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CrashingIndexerTest {

  final AtomicInteger invocations = new AtomicInteger();
  final SQSBatchResponse response = new SQSBatchResponse(List.of());

  @Test
  void aCrashHappensAfterTheIndexerDidItsWork() {
    CrashingIndexer crashing = new CrashingIndexer((event, context) -> {
      invocations.incrementAndGet();
      return response;
    }, 1.0, 1);

    assertThatThrownBy(() -> crashing.handleRequest(new SQSEvent(), null)).isInstanceOf(CrashingIndexer.InjectedCrash.class);
    assertThat(invocations).hasValue(1);
  }

  @Test
  void withoutCrashesTheIndexersResponseIsReturned() {
    CrashingIndexer crashing = new CrashingIndexer((event, context) -> response, 0.0, 1);

    assertThat(crashing.handleRequest(new SQSEvent(), null)).isSameAs(response);
  }
}
