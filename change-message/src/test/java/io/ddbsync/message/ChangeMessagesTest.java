package io.ddbsync.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ChangeMessagesTest {

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) ChangeMessages.MAPPER.readTree(text);
  }

  @Test
  void upsertRoundTripsWithEveryDigitOfItsNumbers() throws Exception {
    var document = json("{\"big\":12345678901234567890.123456789,\"tiny\":-0.000000000000000000001}");
    var upsert =
        new Upsert(1, "g", "e1", "e1", "orders", "o#1", 42L, json("{\"pk\":{\"S\":\"o#1\"}}"), 7L, document);

    String body = ChangeMessages.write(upsert);

    assertThat(body)
        .contains("\"type\":\"upsert\"")
        .contains("12345678901234567890.123456789")
        .contains("-0.000000000000000000001");
    assertThat(ChangeMessages.read(body)).isEqualTo(upsert);
  }

  @Test
  void everyKindRoundTrips() throws Exception {
    var keys = json("{\"pk\":{\"S\":\"a\"}}");
    ChangeMessage[] messages = {
      new Delete(1, "g", "d", "d", "i", "a", 1L, keys, 1L, true),
      new Fetch(1, "g", "f", "f", "i", "a", 1L, keys, 1L, FetchReason.TOO_LARGE),
      new Fetch(1, "g", "f", "f", Fetch.NO_INDEX, "a", 1L, keys, 1L, FetchReason.OLD_IMAGE),
      new Invalid(1, "g", "x", "", "no keys", json("{\"eventName\":\"INSERT\"}"))
    };
    for (ChangeMessage message : messages) {
      assertThat(ChangeMessages.read(ChangeMessages.write(message))).isEqualTo(message);
    }
  }

  @Test
  void bodyThatIsNotJsonIsRejectedWithReason() {
    assertThatThrownBy(() -> ChangeMessages.read("not json"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith("body is not JSON");
  }

  @Test
  void unknownSchemaVersionIsRejected() {
    assertThatThrownBy(() -> ChangeMessages.read("{\"schema\":2,\"type\":\"delete\"}"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("unsupported schema 2");
  }

  @Test
  void completeMessageOfUnknownSchemaIsRejected() throws Exception {
    var keys = json("{\"pk\":{\"S\":\"a\"}}");
    String body = ChangeMessages.write(new Delete(2, "g", "d", "d", "i", "a", 1L, keys, 1L, false));

    assertThatThrownBy(() -> ChangeMessages.read(body))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("unsupported schema 2: this indexer reads schema 1");
  }

  @Test
  void schemaWrittenAsStringIsRejected() throws Exception {
    var keys = json("{\"pk\":{\"S\":\"a\"}}");
    String body =
        ChangeMessages.write(new Delete(1, "g", "d", "d", "i", "a", 1L, keys, 1L, false))
            .replace("\"schema\":1", "\"schema\":\"1\"");

    assertThatThrownBy(() -> ChangeMessages.read(body))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("field 'schema' is missing or not an integer");
  }

  @Test
  void nullBodyIsRejected() {
    assertThatThrownBy(() -> ChangeMessages.read("null"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("body is not a JSON object");
  }

  @Test
  void missingFieldIsRejected() {
    assertThatThrownBy(
            () -> ChangeMessages.read("{\"schema\":1,\"type\":\"delete\",\"groupId\":\"g\"}"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("not a change message");
  }

  @Test
  void unknownTypeIsRejected() {
    assertThatThrownBy(() -> ChangeMessages.read("{\"schema\":1,\"type\":\"merge\"}"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("merge");
  }

  @Test
  void aMessageBuiltFromAHeaderHasTheFlatWireFormAndItsKind() throws Exception {
    MessageHeader header = MessageHeader.of("o#1", "d1", "e1");
    Upsert upsert =
        new Upsert(header, "orders", "o#1", 7, json("{\"pk\":{\"S\":\"o#1\"}}"), 1700000000, json("{\"n\":1}"));

    ObjectNode wire = json(ChangeMessages.MAPPER.writeValueAsString(upsert));

    assertThat(wire.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly(
            "type", "schema", "groupId", "dedupId", "eventId", "index", "id", "version", "keys", "streamTime", "document");
    assertThat(upsert.header()).isEqualTo(new MessageHeader(ChangeMessage.SCHEMA, "o#1", "d1", "e1"));
    ChangeMessage read = ChangeMessages.read(wire.toString());
    assertThat(read).isEqualTo(upsert);
    assertThat(read.kind()).isEqualTo(ChangeMessage.Kind.UPSERT);
    assertThat(new Invalid(header.withDedupId("d2"), "bad", json("{}")).kind()).isEqualTo(ChangeMessage.Kind.INVALID);
  }
}
