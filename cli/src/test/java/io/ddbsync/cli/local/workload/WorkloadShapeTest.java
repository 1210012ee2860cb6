package io.ddbsync.cli.local.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.stream.ViewType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generator's routing moves, oversize items, view types and TTL expiries a keep index holds. */
class WorkloadShapeTest {

  static Workload generate(WorkloadShape shape) {
    return new WorkloadGenerator(5, List.of("pk", "sk")).generate(2_000, 150, shape);
  }

  @ParameterizedTest
  @EnumSource(ViewType.class)
  void recordsCarryTheImagesTheirViewTypeCarriesAsDynamoDbWritesThem(ViewType view) {
    Workload workload = generate(new WorkloadShape(0, 0, 0.1, 0.05, 2_000, view));
    Map<String, Integer> seen = new HashMap<>();
    for (ObjectNode record : workload.records()) {
      JsonNode dynamodb = record.path("dynamodb");
      String event = record.path("eventName").asText();
      boolean newImage = event.equals("REMOVE") ? false
          : view == ViewType.NEW_IMAGE || view == ViewType.NEW_AND_OLD_IMAGES;
      boolean oldImage = event.equals("INSERT") ? false
          : view == ViewType.OLD_IMAGE || view == ViewType.NEW_AND_OLD_IMAGES;
      assertThat(dynamodb.has("NewImage")).as("NewImage of a %s %s", view, event).isEqualTo(newImage);
      assertThat(dynamodb.has("OldImage")).as("OldImage of a %s %s", view, event).isEqualTo(oldImage);
      assertThat(dynamodb.path("StreamViewType").asText()).isEqualTo(view.name());
      assertThat(dynamodb.has("Keys")).isTrue();
      seen.merge(event, 1, Integer::sum);
    }
    assertThat(seen).containsKeys("INSERT", "MODIFY", "REMOVE");
  }

  @Test
  void theViewTypeChangesOnlyWhichImagesTheRecordsCarry() {
    Workload full = generate(new WorkloadShape(0, 0, 0.1, 0.05, 2_000, ViewType.NEW_AND_OLD_IMAGES));
    Workload keys = generate(new WorkloadShape(0, 0, 0.1, 0.05, 2_000, ViewType.KEYS_ONLY));

    assertThat(keys.table()).isEqualTo(full.table());
    assertThat(keys.records().stream().map(r -> r.path("eventID").asText()).toList())
        .isEqualTo(full.records().stream().map(r -> r.path("eventID").asText()).toList());
  }

  @Test
  void movesChangeTheRoutingAttributeOfOrdersToAnUnroutedTypeAndOfOrderLinesToOrder() {
    Workload workload = generate(new WorkloadShape(0, 0, 0.3, 0, 0, ViewType.NEW_AND_OLD_IMAGES));
    Map<String, Integer> moves = new HashMap<>();
    for (ObjectNode record : workload.records()) {
      JsonNode dynamodb = record.path("dynamodb");
      String before = dynamodb.path("OldImage").path("entityType").path("S").asText();
      String after = dynamodb.path("NewImage").path("entityType").path("S").asText();
      if (record.path("eventName").asText().equals("MODIFY") && !before.equals(after)) {
        moves.merge(before + "->" + after, 1, Integer::sum);
      }
    }
    assertThat(moves).containsOnlyKeys("Order->Quote", "Quote->Order", "OrderLine->Order", "Order->OrderLine");
  }

  @Test
  void withoutMovesNoRecordChangesTheRoutingAttributeAndThePlainStreamIsUnchanged() {
    Workload plain = new WorkloadGenerator(5, List.of("pk", "sk")).generate(2_000, 150);
    Workload shaped = generate(WorkloadShape.plain(0, 0));

    assertThat(shaped.records()).isEqualTo(plain.records());
    assertThat(shaped.records()).noneMatch(r -> r.path("eventName").asText().equals("MODIFY")
        && !r.path("dynamodb").path("OldImage").path("entityType").equals(r.path("dynamodb").path("NewImage").path("entityType")));
  }

  @Test
  void oversizeItemsCarryTheirTextForTheirWholeLifeAndAreNeverPoisoned() {
    Workload workload = generate(new WorkloadShape(0.3, 0, 0, 0.2, 5_000, ViewType.NEW_AND_OLD_IMAGES));

    assertThat(workload.oversize()).isNotEmpty();
    for (ObjectNode record : workload.records()) {
      JsonNode image = record.path("dynamodb").has("NewImage") ? record.path("dynamodb").path("NewImage")
          : record.path("dynamodb").path("OldImage");
      boolean big = workload.oversize().contains(record.path("dynamodb").path("Keys").toString());
      assertThat(image.path("notes").path("S").asText().length()).isEqualTo(big ? 5_000 : 0);
      if (big) {
        assertThat(workload.poisonEventIds()).doesNotContain(record.path("eventID").asText());
      }
    }
  }

  @Test
  void itemsWhoseLastChangeIsATtlExpiryAreHeldAtTheirLastIndexedImage() {
    Workload workload = generate(new WorkloadShape(0.2, 0, 0, 0, 0, ViewType.NEW_AND_OLD_IMAGES));
    Map<String, ObjectNode> lastRecord = new HashMap<>();
    workload.records().forEach(r -> lastRecord.put(r.path("dynamodb").path("Keys").toString(), r));

    assertThat(workload.ttlExpired()).isNotEmpty();
    lastRecord.forEach((key, record) -> {
      boolean expiredLast = record.has("userIdentity");
      assertThat(workload.ttlExpired().containsKey(key)).as(key).isEqualTo(expiredLast);
      if (expiredLast) {
        assertThat(workload.table()).doesNotContainKey(key);
        // The image before the expiry, unless that change was poison: then the clean one before it.
        JsonNode image = workload.ttlExpired().get(key);
        assertThat(image).isNotNull();
        assertThat(image.has(WorkloadGenerator.POISON_ATTRIBUTE)).isFalse();
      }
    });
  }

  @Test
  void sharesOutsideZeroToOneAndOversizeBeyondAnItemAreRefused() {
    assertThatThrownBy(() -> new WorkloadShape(0, 0, 1.5, 0, 0, ViewType.KEYS_ONLY)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> new WorkloadShape(0, 0, 0, 0.1, 500_000, ViewType.KEYS_ONLY)).hasMessageContaining("400 KB");
  }
}
