package io.ddbsync.cli.local.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.deadletter.DeadLetterMessage;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.item.stream.ViewType;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The convergence check itself, on hand-made dumps: each kind of divergence is counted. */
class ConvergenceTest {

  final EnrichmentConfig config = EnrichmentConfig.fromEnv(Map.of("KEY_ATTRIBUTES", "pk,sk", "DEFAULT_INDEX", "items"));
  final Enrichment enrichment = new Enrichment(config);
  final Workload workload = new WorkloadGenerator(3, List.of("pk", "sk")).generate(400, 40, WorkloadShape.plain(0.2, 0.3));

  @Test
  void theExpectedDocumentsAndThePoisonInTheDeadLetterQueueConverge() {
    Convergence convergence = Convergence.check(workload, config, expectedDump(), poisonLetters(workload.poisonEventIds().size()));

    assertThat(workload.poisonEventIds()).isNotEmpty();
    assertThat(convergence.converged()).as(convergence.examples().toString()).isTrue();
    assertThat(convergence.expectedLive()).isEqualTo(workload.expected().size());
  }

  @Test
  void aMissingAStaleAndAResurrectedDocumentAreEachCounted() {
    List<ObjectNode> dump = expectedDump();
    dump.remove(0);
    ((ObjectNode) dump.get(0).get("_source")).put("status", "changed");
    ObjectNode ghost = ChangeMessages.MAPPER.createObjectNode().put("_index", "items").put("_id", "GONE#1|META");
    ghost.putObject("_source").put("pk", "GONE#1");
    dump.add(ghost);

    Convergence convergence = Convergence.check(workload, config, dump, poisonLetters(workload.poisonEventIds().size()));

    assertThat(convergence).extracting(Convergence::missing, Convergence::stale, Convergence::resurrected)
        .containsExactly(1L, 1L, 1L);
    assertThat(convergence.converged()).isFalse();
  }

  @Test
  void aPoisonedChangeMissingFromTheDeadLetterQueueIsUnaccounted() {
    Convergence convergence = Convergence.check(workload, config, expectedDump(),
        poisonLetters(workload.poisonEventIds().size() - 1));

    assertThat(convergence.poisonUnaccounted()).isEqualTo(1);
    assertThat(convergence.converged()).isFalse();
  }

  @Test
  void anItemWhoseLastChangeIsPoisonIsExpectedAtItsStateBefore() {
    Map<String, ObjectNode> table = workload.table();
    long poisonedLast = table.entrySet().stream()
        .filter(e -> e.getValue().has(WorkloadGenerator.POISON_ATTRIBUTE))
        .peek(e -> assertThat(workload.expected().get(e.getKey()).has(WorkloadGenerator.POISON_ATTRIBUTE)).isFalse())
        .count();
    assertThat(poisonedLast).as("the seed yields items whose last change is poison").isPositive();
  }

  @Test
  void aDocumentWithValuesKeptAsideCountsThemAsPresent() {
    List<ObjectNode> dump = expectedDump();
    ObjectNode source = (ObjectNode) dump.get(0).get("_source");
    String name = source.fieldNames().next();
    source.putObject("@unindexed").set(name, source.remove(name));

    assertThat(Convergence.check(workload, config, dump, poisonLetters(workload.poisonEventIds().size())).converged())
        .isTrue();

    ((ObjectNode) source.get("@unindexed")).put(name, "another value");
    assertThat(Convergence.check(workload, config, dump, poisonLetters(workload.poisonEventIds().size())).stale())
        .isEqualTo(1);
  }

  @Test
  void withTtlKeepAnExpiredItemIsExpectedOnlyWhereItsImageReachedTheIndex() {
    EnrichmentConfig keep = EnrichmentConfig.fromEnv(Map.of("KEY_ATTRIBUTES", "pk,sk", "DEFAULT_INDEX", "items",
        "TTL_EXPIRY", "keep"));
    WorkloadShape images = new WorkloadShape(0, 0, 0, 0.5, 2_000, ViewType.NEW_AND_OLD_IMAGES);
    Workload withImages = new WorkloadGenerator(3, List.of("pk", "sk")).generate(1_500, 300, images);
    Workload keysOnly = new WorkloadGenerator(3, List.of("pk", "sk")).generate(1_500, 300,
        new WorkloadShape(0, 0, 0, 0.5, 2_000, ViewType.KEYS_ONLY));
    long keptSmall = withImages.ttlExpired().keySet().stream().filter(k -> !withImages.oversize().contains(k)).count();
    assertThat(keptSmall).as("the seed expires small items last").isPositive();
    assertThat(withImages.ttlExpired().keySet()).as("and oversize ones").anyMatch(withImages.oversize()::contains);

    assertThat(Convergence.check(withImages, keep, List.of(), List.of()).expectedLive())
        .isEqualTo(withImages.expected().size() + keptSmall);
    assertThat(Convergence.check(keysOnly, keep, List.of(), List.of()).expectedLive())
        .as("fetched from a table that no longer holds them: nothing kept").isEqualTo(keysOnly.expected().size());
    assertThat(Convergence.check(withImages, config, List.of(), List.of()).expectedLive())
        .as("TTL_EXPIRY=delete").isEqualTo(withImages.expected().size());
  }

  @Test
  void aNumberSpelledAsDynamoDbNormalisesItIsNotStaleButAnotherValueIs() {
    List<ObjectNode> dump = expectedDump();
    ObjectNode source = (ObjectNode) dump.get(0).get("_source");
    source.put("revision", new java.math.BigDecimal(source.path("revision").asText() + ".000"));

    assertThat(Convergence.check(workload, config, dump, poisonLetters(workload.poisonEventIds().size())).stale()).isZero();

    source.put("revision", source.path("revision").decimalValue().add(java.math.BigDecimal.ONE));
    assertThat(Convergence.check(workload, config, dump, poisonLetters(workload.poisonEventIds().size())).stale()).isOne();
  }

  private List<ObjectNode> expectedDump() {
    List<ObjectNode> dump = new ArrayList<>();
    for (ObjectNode item : workload.expected().values()) {
      Upsert upsert = Convergence.documentOf(item, enrichment, workload.keyAttributes()).orElseThrow();
      ObjectNode line = ChangeMessages.MAPPER.createObjectNode().put("_index", upsert.index()).put("_id", upsert.id());
      line.set("_source", upsert.document().deepCopy());
      dump.add(line);
    }
    return dump;
  }

  private List<DeadLetterMessage> poisonLetters(int count) {
    return workload.poisonEventIds().stream().limit(count)
        .map(id -> new DeadLetterMessage("m-" + id, "r", "g", "mapping", "400 mapper_parsing_exception",
            ChangeMessages.MAPPER.createObjectNode().put("eventId", id).toString()))
        .toList();
  }
}
