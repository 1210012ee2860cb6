package io.ddbsync.item.stream;

import static io.ddbsync.testsupport.Json.json;
import static io.ddbsync.testsupport.Json.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.InvalidRecordException;
import io.ddbsync.item.version.ExternalVersion;
import org.junit.jupiter.api.Test;

class StreamRecordTest {

  private static ObjectNode modify() {
    return record("MODIFY", "NEW_AND_OLD_IMAGES", "{'pk':{'S':'a'}}", "{'pk':{'S':'a'},'n':{'N':'2'}}", "{'pk':{'S':'a'},'n':{'N':'1'}}");
  }

  private static ObjectNode dynamodb(ObjectNode record) {
    return (ObjectNode) record.get("dynamodb");
  }

  @Test
  void readsTheFieldsAChangeNeeds() {
    StreamRecord r = StreamRecord.parse(modify());

    assertThat(r.eventId()).isEqualTo("c81e728d9d4c2f636f067f89cc14862c");
    assertThat(r.eventName()).isEqualTo(EventName.MODIFY);
    assertThat(r.viewType()).isEqualTo(ViewType.NEW_AND_OLD_IMAGES);
    assertThat(r.keys()).isEqualTo(json("{'pk':{'S':'a'}}"));
    assertThat(r.newImage()).contains(json("{'pk':{'S':'a'},'n':{'N':'2'}}"));
    assertThat(r.oldImage()).contains(json("{'pk':{'S':'a'},'n':{'N':'1'}}"));
    assertThat(r.streamTime()).isEqualTo(1_718_000_000L);
    assertThat(r.version()).isEqualTo(ExternalVersion.ofStreamChange(1_718_000_000L, "4421584500000000017450439091"));
    assertThat(r.ttlExpiry()).isFalse();
  }

  @Test
  void removeByTheTimeToLiveServiceIsATtlExpiry() {
    ObjectNode record = record("REMOVE", "NEW_AND_OLD_IMAGES", "{'pk':{'S':'a'}}", null, "{'pk':{'S':'a'}}");
    record.set("userIdentity", json("{'type':'Service','principalId':'dynamodb.amazonaws.com'}"));

    assertThat(StreamRecord.parse(record).ttlExpiry()).isTrue();
  }

  @Test
  void removeByAUserIsNoTtlExpiry() {
    ObjectNode record = record("REMOVE", "NEW_AND_OLD_IMAGES", "{'pk':{'S':'a'}}", null, "{'pk':{'S':'a'}}");
    record.set("userIdentity", json("{'type':'Service','principalId':'someone.else.amazonaws.com'}"));

    assertThat(StreamRecord.parse(record).ttlExpiry()).isFalse();
  }

  @Test
  void fractionalCreationTimeIsTruncatedToTheSecond() {
    ObjectNode record = modify();
    dynamodb(record).put("ApproximateCreationDateTime", new java.math.BigDecimal("1718000000.75"));

    assertThat(StreamRecord.parse(record).streamTime()).isEqualTo(1_718_000_000L);
  }

  @Test
  void eachMissingFieldIsNamed() {
    assertInvalid(r -> r.remove("eventID"), "missing eventID");
    assertInvalid(r -> r.remove("eventName"), "missing eventName");
    assertInvalid(r -> r.put("eventName", "UPSERT"), "unknown eventName 'UPSERT'");
    assertInvalid(r -> r.remove("dynamodb"), "missing dynamodb");
    assertInvalid(r -> dynamodb(r).remove("Keys"), "missing dynamodb.Keys");
    assertInvalid(r -> dynamodb(r).remove("SequenceNumber"), "missing dynamodb.SequenceNumber");
    assertInvalid(r -> dynamodb(r).put("SequenceNumber", "12x"), "dynamodb.SequenceNumber is not a string of decimal digits");
    assertInvalid(
        r -> dynamodb(r).remove("ApproximateCreationDateTime"),
        "missing dynamodb.ApproximateCreationDateTime (epoch seconds)");
    assertInvalid(
        r -> dynamodb(r).put("ApproximateCreationDateTime", "1718000000"),
        "missing dynamodb.ApproximateCreationDateTime (epoch seconds)");
    assertInvalid(
        r -> dynamodb(r).put("ApproximateCreationDateTime", 1_718_000_000_000L),
        "dynamodb.ApproximateCreationDateTime 1718000000000 is not an epoch second after 2020-01-01 and before 2088");
    assertInvalid(r -> dynamodb(r).remove("StreamViewType"), "missing dynamodb.StreamViewType");
    assertInvalid(r -> dynamodb(r).put("StreamViewType", "ALL"), "unknown dynamodb.StreamViewType 'ALL'");
  }

  private static void assertInvalid(java.util.function.Consumer<ObjectNode> breakIt, String reason) {
    ObjectNode record = modify();
    breakIt.accept(record);
    assertThatThrownBy(() -> StreamRecord.parse(record))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage(reason);
  }
}
