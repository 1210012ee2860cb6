package io.ddbsync.cli.shared.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

  @Test
  void sizeCountsNamesAndValuesAsDynamoDbDoes() {
    Map<String, AttributeValue> item = Map.of(
        "pk", AttributeValue.fromS("abc"),                       // 2 + 3
        "n", AttributeValue.fromN("12345"),                       // 1 + (5+1)/2 + 1
        "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])), // 1 + 10
        "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true)))); // 1 + 3 + 1 + 1
    assertThat(ItemSize.of(item)).isEqualTo(5 + 5 + 11 + 6);
  }

  @Test
  void aScanPageCostsHalfAUnitPerStarted4Kb() {
    assertThat(ItemSize.readUnits(0)).isEqualTo(0.5);
    assertThat(ItemSize.readUnits(4096)).isEqualTo(0.5);
    assertThat(ItemSize.readUnits(4097)).isEqualTo(1.0);
    assertThat(ItemSize.readUnits(1_048_576)).isEqualTo(128.0);
  }
}
