package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFilterTest {

  private static JsonNode record(String eventName, String pk, String price) throws Exception {
    return ChangeMessages.MAPPER.readTree("""
        {"eventID":"e1","eventName":"%s","dynamodb":{"Keys":{"pk":{"S":"%s"}},
         "NewImage":{"pk":{"S":"%s"},"price":{"N":"%s"}},"SequenceNumber":"100000000000000000001"}}
        """.formatted(eventName, pk, pk, price));
  }

  @Test
  void withoutPatternsEveryRecordPasses() throws Exception {
    assertThat(RecordFilter.of(List.of()).passes(record("INSERT", "ORDER#1", "5"))).isTrue();
  }

  @Test
  void recordPassesWhenAnyPatternMatches() throws Exception {
    RecordFilter filter = RecordFilter.of(List.of(
        "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"ORDER#\"}]}}}}",
        "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"CUSTOMER#\"}]}}}}"));

    assertThat(filter.passes(record("INSERT", "ORDER#1", "5"))).isTrue();
    assertThat(filter.passes(record("MODIFY", "CUSTOMER#1", "5"))).isTrue();
    assertThat(filter.passes(record("INSERT", "SESSION#1", "5"))).isFalse();
  }

  @Test
  void numericPatternNeverMatchesBecauseDynamoDbNumbersAreStrings() throws Exception {
    RecordFilter filter = RecordFilter.of(List.of(
        "{\"dynamodb\":{\"NewImage\":{\"price\":{\"N\":[{\"numeric\":[\">\",100]}]}}}}"));

    assertThat(filter.passes(record("INSERT", "ORDER#1", "250"))).isFalse();
  }

  @Test
  void patternThatDoesNotCompileIsNamedWithItsPosition() {
    assertThatThrownBy(() -> RecordFilter.of(List.of("{\"eventName\": [\"INSERT\"]}", "{\"dynamodb\": 3}")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("filter pattern 2 does not compile");
  }

  @Test
  void patternLongerThanPipesAllowsIsRefused() {
    String pattern = "{\"eventID\":[\"" + "x".repeat(4100) + "\"]}";

    assertThatThrownBy(() -> RecordFilter.of(List.of(pattern)))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("4096");
  }
}
