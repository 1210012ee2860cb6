package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneBatchesTest {

  static final long SECOND = 1_000_000_000L;

  static ObjectNode record(String pk, int n) {
    ObjectNode record = ChangeMessages.MAPPER.createObjectNode().put("eventID", pk + "-" + n);
    record.putObject("dynamodb").putObject("Keys").putObject("pk").put("S", pk);
    return record;
  }

  @Test
  void aBatchClosesWhenItHoldsBatchSizeRecords() {
    LaneBatches batches = new LaneBatches(1, 2, Duration.ofSeconds(5));

    assertThat(batches.add("s1", record("a", 1), 0)).isEmpty();
    assertThat(batches.add("s1", record("b", 1), 0).orElseThrow()).extracting(r -> r.path("eventID").asText())
        .containsExactly("a-1", "b-1");
    assertThat(batches.isEmpty()).isTrue();
  }

  @Test
  void aBatchClosesWhenTheWindowHasPassedSinceItsFirstRecord() {
    LaneBatches batches = new LaneBatches(1, 10, Duration.ofSeconds(5));
    batches.add("s1", record("a", 1), 0);
    batches.add("s1", record("a", 2), 4 * SECOND);

    assertThat(batches.nextDue()).contains(5 * SECOND);
    assertThat(batches.due(5 * SECOND - 1)).isEmpty();
    assertThat(batches.due(5 * SECOND)).singleElement().satisfies(b -> assertThat(b).hasSize(2));
    assertThat(batches.nextDue()).isEmpty();
  }

  @Test
  void anItemsChangesStayInOneLaneAndShardsBatchApart() {
    LaneBatches batches = new LaneBatches(4, 3, Duration.ofSeconds(5));
    batches.add("s1", record("a", 1), 0);
    batches.add("s2", record("a", 2), 0);
    batches.add("s1", record("a", 3), 0);

    List<List<ObjectNode>> ofS1 = batches.ofShard("s1");

    assertThat(ofS1).singleElement().satisfies(b ->
        assertThat(b).extracting(r -> r.path("eventID").asText()).containsExactly("a-1", "a-3"));
    assertThat(batches.all()).singleElement().satisfies(b ->
        assertThat(b).extracting(r -> r.path("eventID").asText()).containsExactly("a-2"));
  }
}
