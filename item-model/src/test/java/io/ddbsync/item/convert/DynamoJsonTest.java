package io.ddbsync.item.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.testsupport.Json;
import io.ddbsync.item.diff.Projection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {

  @Test
  void everyAttributeTypeBecomesDynamoDbJsonThatTheEnrichmentConverts() {
    Map<String, AttributeValue> item =
        Map.of(
            "s", AttributeValue.fromS("x"),
            "n", AttributeValue.fromN("12345678901234567890.123456789"),
            "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
            "bool", AttributeValue.fromBool(true),
            "nul", AttributeValue.fromNul(true),
            "ss", AttributeValue.fromSs(List.of("b", "a")),
            "ns", AttributeValue.fromNs(List.of("2", "1")),
            "l", AttributeValue.fromL(List.of(AttributeValue.fromS("y"), AttributeValue.fromL(List.of()))),
            "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromN("1"))));

    var document = Projection.ALL.document(DynamoJson.toJson(item), "Item");

    assertThat(document)
        .isEqualTo(
            Json.object(
                "{\"s\":\"x\",\"n\":12345678901234567890.123456789,\"b\":\"aGk=\",\"bool\":true,\"nul\":null,"
                    + "\"ss\":[\"a\",\"b\"],\"ns\":[1,2],\"l\":[\"y\",[]],\"m\":{\"k\":1}}"));
  }

  @Test
  void messageKeysBecomeAttributeValues() {
    var keys = Json.object("{\"pk\":{\"S\":\"o#1\"},\"sk\":{\"N\":\"7\"},\"bk\":{\"B\":\"aGk=\"}}");

    assertThat(DynamoJson.toAttributeValues(keys))
        .containsEntry("pk", AttributeValue.fromS("o#1"))
        .containsEntry("sk", AttributeValue.fromN("7"))
        .containsEntry("bk", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
  }

  @Test
  void keyOfANonKeyTypeIsRefusedByName() {
    assertThatThrownBy(() -> DynamoJson.toAttributeValues(Json.object("{\"pk\":{\"BOOL\":true}}")))
        .hasMessage("key attribute pk must be of type S, N or B, not BOOL");
  }
}
