package io.ddbsync.cli.local.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import org.junit.jupiter.api.Test;

class JsonPathTest {

  @Test
  void readsATopLevelAndANestedField() throws Exception {
    var message = ChangeMessages.MAPPER.readTree("{\"groupId\":\"ORDER#1|META\",\"a\":{\"b\":7}}");

    assertThat(JsonPath.parse("$.groupId").read(message)).contains("ORDER#1|META");
    assertThat(JsonPath.parse("$.a.b").read(message)).contains("7");
  }

  @Test
  void absentOrNonScalarValueReadsAsEmpty() throws Exception {
    var message = ChangeMessages.MAPPER.readTree("{\"a\":{\"b\":[1]},\"n\":null}");

    assertThat(JsonPath.parse("$.missing").read(message)).isEmpty();
    assertThat(JsonPath.parse("$.a.b").read(message)).isEmpty();
    assertThat(JsonPath.parse("$.n").read(message)).isEmpty();
  }

  @Test
  void pathsBeyondDottedFieldsAreRefusedByName() {
    for (String path : new String[] {"groupId", "$", "$..groupId", "$.items[0]", "$.*", "$.a..b"}) {
      assertThatThrownBy(() -> JsonPath.parse(path)).isInstanceOf(UserError.class).hasMessageContaining(path);
    }
  }
}
