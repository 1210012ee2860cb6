package io.ddbsync.cli.local.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.table.LocalTables;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

  private final Workload workload = new WorkloadGenerator(7, List.of("pk", "sk")).generate(3_000, 200);

  @Test
  void sequenceNumbersIncreaseAndHaveAtLeast21Digits() {
    BigInteger previous = BigInteger.ZERO;
    for (ObjectNode record : workload.records()) {
      String text = record.path("dynamodb").path("SequenceNumber").asText();
      assertThat(text).hasSizeGreaterThanOrEqualTo(21).containsOnlyDigits();
      BigInteger sequence = new BigInteger(text);
      assertThat(sequence).isGreaterThan(previous);
      previous = sequence;
    }
  }

  @Test
  void creationTimeNeverDecreasesAndHotKeysChangeSeveralTimesWithinOneSecond() {
    long previous = 0;
    Map<String, Integer> perItemSecond = new HashMap<>();
    for (ObjectNode record : workload.records()) {
      long second = record.path("dynamodb").path("ApproximateCreationDateTime").asLong();
      assertThat(second).isGreaterThanOrEqualTo(previous);
      previous = second;
      perItemSecond.merge(record.path("dynamodb").path("Keys") + "@" + second, 1, Integer::sum);
    }
    assertThat(perItemSecond.values()).anyMatch(n -> n >= 3);
  }

  @Test
  void streamHasEveryKindOfChangeAndEveryAttributeType() {
    Set<String> kinds = new HashSet<>();
    Set<String> types = new HashSet<>();
    Set<String> entities = new HashSet<>();
    for (ObjectNode record : workload.records()) {
      JsonNode dynamodb = record.path("dynamodb");
      boolean ttl = record.path("userIdentity").path("principalId").asText().equals("dynamodb.amazonaws.com");
      kinds.add(record.path("eventName").asText() + (ttl ? "/ttl" : ""));
      assertThat(dynamodb.path("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
      dynamodb.path("NewImage").forEach(value -> types.add(value.fieldNames().next()));
      entities.add(dynamodb.path("NewImage").path("entityType").path("S").asText());
    }
    assertThat(kinds).contains("INSERT", "MODIFY", "REMOVE", "REMOVE/ttl");
    assertThat(types).contains("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
    assertThat(entities).contains("Order", "OrderLine", "Customer", "Product");
  }

  @Test
  void imagesChainUpTheOldImageOfAChangeIsTheNewImageOfThePreviousOne() {
    Map<String, JsonNode> current = new HashMap<>();
    for (ObjectNode record : workload.records()) {
      JsonNode dynamodb = record.path("dynamodb");
      String key = dynamodb.path("Keys").toString();
      switch (record.path("eventName").asText()) {
        case "INSERT" -> assertThat(current.get(key)).isNull();
        default -> assertThat(dynamodb.path("OldImage")).isEqualTo(current.get(key));
      }
      current.put(key, record.path("eventName").asText().equals("REMOVE") ? null : dynamodb.path("NewImage"));
    }
  }

  @Test
  void tableIsTheLastStateOfEveryItemTheStreamLeavesBehind() {
    assertThat(workload.table()).isEqualTo(LocalTables.finalItems(workload.records()));
    assertThat(workload.table()).isNotEmpty().hasSizeLessThan(200);
  }

  @Test
  void sameSeedGivesTheSameStream() {
    Workload again = new WorkloadGenerator(7, List.of("pk", "sk")).generate(3_000, 200);

    assertThat(again.records()).isEqualTo(workload.records());
  }

  /** The DynamoDB type of each attribute name across every new image, for the given entity type. */
  private static Map<String, Set<String>> typesByAttribute(Workload workload, String entityType) {
    Map<String, Set<String>> types = new HashMap<>();
    for (ObjectNode record : workload.records()) {
      JsonNode image = record.path("dynamodb").path("NewImage");
      if (image.path("entityType").path("S").asText().equals(entityType)) {
        image.properties().forEach(a -> types.computeIfAbsent(a.getKey(), k -> new HashSet<>()).add(a.getValue().fieldNames().next()));
      }
    }
    return types;
  }

  @Test
  void withDriftAttributesTakeOtherTypesAndTheStreamOfChangesIsTheSame() {
    Workload drifting = new WorkloadGenerator(7, List.of("pk", "sk")).generate(3_000, 200, WorkloadShape.plain(0, 0.3));

    Map<String, Set<String>> order = typesByAttribute(drifting, "Order");
    assertThat(order.get("total")).contains("N", "S");
    assertThat(order.get("shipping")).contains("M", "S");
    assertThat(order.get("paid")).contains("BOOL", "S");
    assertThat(order.get("status")).contains("S", "SS");
    assertThat(order.get("tags")).contains("SS", "L");
    assertThat(typesByAttribute(workload, "Order").get("total")).containsExactly("N");
    assertThat(drifting.records()).extracting(r -> r.path("eventID").asText())
        .isEqualTo(workload.records().stream().map(r -> r.path("eventID").asText()).toList());
    assertThat(drifting.table()).isEqualTo(LocalTables.finalItems(drifting.records()));
  }

  @Test
  void aPoisonedChangeNestsPastTheDepthLimitAndTheNextChangeOfTheItemDropsIt() {
    Workload poisoned = new WorkloadGenerator(7, List.of("pk", "sk")).generate(3_000, 200, WorkloadShape.plain(0.2, 0.3));
    Map<String, Boolean> lastWasPoison = new HashMap<>();
    int followed = 0;
    for (ObjectNode record : poisoned.records()) {
      String key = record.path("dynamodb").path("Keys").toString();
      JsonNode image = record.path("dynamodb").path("NewImage");
      boolean poison = poisoned.poisonEventIds().contains(record.path("eventID").asText());
      assertThat(image.has(WorkloadGenerator.POISON_ATTRIBUTE)).isEqualTo(poison);
      if (poison) {
        int depth = 0;
        for (JsonNode level = image.get(WorkloadGenerator.POISON_ATTRIBUTE); level.has("M"); depth++) {
          level = level.get("M").elements().next();
        }
        assertThat(depth).isGreaterThan(20);
      } else if (lastWasPoison.getOrDefault(key, false) && !image.isMissingNode()) {
        followed++;
      }
      lastWasPoison.put(key, poison);
    }
    assertThat(poisoned.poisonEventIds()).isNotEmpty();
    assertThat(followed).as("changes after a poisoned one").isPositive();
  }
}
