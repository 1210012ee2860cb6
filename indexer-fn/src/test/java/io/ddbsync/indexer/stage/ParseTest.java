package io.ddbsync.indexer.stage;

import static io.ddbsync.indexer.TestMessages.invalid;
import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.raw;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.opensearch.bulk.DeadLetterKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseTest {

  @Test
  void changesArePendingAndMalformedOrInvalidMessagesArePoisonWithTheirKind() {
    Batch batch =
        Parse.batch(
            List.of(
                queued("m1", upsert("orders", "o1", 1, "e1", "{}")),
                raw("m2", "o2", "{not json"),
                queued("m3", invalid("o3", "e3", "no keys"))));

    assertThat(batch.outcome(0)).isEqualTo(Outcome.PENDING);
    assertThat(batch.change(0)).isPresent();
    assertThat(batch.outcome(1)).isInstanceOfSatisfying(Outcome.Poison.class, poison -> assertThat(poison.kind()).isEqualTo(DeadLetterKind.MALFORMED));
    assertThat(batch.change(1)).isEmpty();
    assertThat(batch.outcome(2)).isEqualTo(new Outcome.Poison(DeadLetterKind.INVALID, "no keys"));
  }

  @Test
  void theIdempotencyKeyIsTheBodysDedupIdElseTheQueuesDeduplicationId() {
    Batch batch = Parse.batch(List.of(queued("m1", upsert("orders", "o1", 1, "e1", "{}")), raw("m2", "o2", "{")));

    assertThat(batch.dedupId(0)).isEqualTo("e1");
    assertThat(batch.dedupId(1)).isEqualTo("m2");
  }
}
