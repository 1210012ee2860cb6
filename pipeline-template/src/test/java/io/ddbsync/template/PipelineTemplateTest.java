package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model's lookups, on the real pipeline.yaml. */
class PipelineTemplateTest {

  private final PipelineTemplate template = Repo.template();

  @Test
  void parametersCarryDefaultsAndBounds() {
    PipelineTemplate.Parameter batchSize = template.parameters().get("PipeBatchSize");
    assertThat(batchSize.defaultValue()).contains("5");
    assertThat(batchSize.maxValue()).hasValueSatisfying(max -> assertThat(max).isEqualByComparingTo("5"));
    assertThat(template.parameters().get("TableStreamArn").defaultValue()).isEmpty();
    assertThat(template.parameters().get("OpenSearchKind").allowedValues())
        .containsExactly("managed-domain", "serverless", "self-managed");
  }

  @Test
  void resourcesAreFoundByIdAndType() {
    assertThat(template.resource("Pipe").type()).isEqualTo(PipelineTemplate.PIPE);
    assertThat(template.resourcesOfType(PipelineTemplate.QUEUE)).hasSize(3);
    assertThatThrownBy(() -> template.resource("Nope")).isInstanceOf(TemplateException.class).hasMessageContaining("Nope");
  }

  @Test
  void pipeSourceResolvesParameterDefaults() {
    PipelineTemplate.PipeSource source = template.pipeSource();
    assertThat(source.batchSize()).isEqualTo(5);
    assertThat(source.maximumBatchingWindowInSeconds()).isEqualTo(1);
    assertThat(source.maximumRetryAttempts()).isEqualTo(10);
    assertThat(source.maximumRecordAgeInSeconds()).isEqualTo(3600);
    assertThat(source.startingPosition()).isEqualTo("TRIM_HORIZON");
    assertThat(source.onPartialBatchItemFailure()).isEqualTo("AUTOMATIC_BISECT");
  }

  @Test
  void filterPatternsAreTheJsonStrings() {
    assertThat(template.filterPatterns()).containsExactly("{\"dynamodb\":{\"SequenceNumber\":[{\"exists\":true}]}}");
  }

  @Test
  void changeQueueIsThePipeTargetAndRedrivesToAFifoDeadLetterQueue() {
    PipelineTemplate.Queue queue = template.changeQueue();
    assertThat(queue.logicalId()).isEqualTo("ChangeQueue");
    assertThat(queue.fifo()).isTrue();
    assertThat(queue.visibilityTimeout()).isEqualTo(360);
    assertThat(queue.maximumMessageSize()).isEqualTo(1048576);
    assertThat(queue.redrive()).contains(new PipelineTemplate.Redrive("ChangeDeadLetterQueue", 5));
    assertThat(template.queue("ChangeDeadLetterQueue").fifo()).isTrue();
    assertThat(template.queue("PipeDeadLetterQueue").fifo()).isFalse();
  }

  @Test
  void indexerConsumesTheChangeQueue() {
    PipelineTemplate.QueueEventSource events = template.changeQueueEventSource();
    assertThat(events.functionLogicalId()).isEqualTo("IndexerFunction");
    assertThat(events.batchSize()).isEqualTo(10);
    assertThat(events.maximumConcurrency()).contains(5);
    assertThat(events.functionResponseTypes()).containsExactly("ReportBatchItemFailures");
  }

  @Test
  void functionsExposeHandlerAndResolvedEnvironment() {
    PipelineTemplate.Function enrichment = template.enrichmentFunction();
    assertThat(enrichment.logicalId()).isEqualTo("EnrichmentFunction");
    assertThat(enrichment.handler()).isEqualTo("io.ddbsync.enrichment.EnrichmentHandler::handleRequest");
    assertThat(enrichment.codeUri()).isEqualTo("enrichment-fn/target/enrichment-fn.jar");
    assertThat(enrichment.environmentDefaults()).containsEntry("DEFAULT_INDEX", "items")
        .containsEntry("TTL_EXPIRY", "delete").containsEntry("MAX_MESSAGE_BYTES", "1048576");

    PipelineTemplate.Function indexer = template.indexerFunction();
    assertThat(indexer.handler()).isEqualTo("io.ddbsync.indexer.IndexerHandler::handleRequest");
    assertThat(indexer.timeout()).isEqualTo(60);
    assertThat(indexer.environmentNames()).contains("OPENSEARCH_AUTH", "DEAD_LETTER_QUEUE_URL");
    assertThat(indexer.environmentNames()).contains("IDEMPOTENCY_TABLE", "IDEMPOTENCY_EXPIRY_SECONDS");
    // Conditions and resource references have no value before deployment.
    assertThat(indexer.environmentDefaults()).doesNotContainKeys("OPENSEARCH_AUTH", "DEAD_LETTER_QUEUE_URL", "IDEMPOTENCY_EXPIRY_SECONDS")
        .containsEntry("MAX_RETRIES", "3");
  }

  @Test
  void resolveLeavesIntrinsicsOtherThanParameterRefsUnresolved() {
    assertThat(template.resolve(Map.of("Ref", "LogLevel"))).contains("INFO");
    assertThat(template.resolve(Map.of("Ref", "TableName"))).isEmpty();
    assertThat(template.resolve(Map.of("Ref", "ChangeQueue"))).isEmpty();
    assertThat(template.resolve(Map.of("Fn::Sub", "x"))).isEmpty();
    assertThat(template.resolve(7)).isEqualTo(Optional.of("7"));
  }

  @Test
  void unresolvableSourceSettingNamesWhereItIs() {
    PipelineTemplate broken = Repo.edited(root ->
        Repo.map(Repo.properties(root, "Pipe"), "SourceParameters", "DynamoDBStreamParameters")
            .put("BatchSize", Map.of("Fn::If", java.util.List.of("C", 1, 2))));
    assertThatThrownBy(broken::pipeSource).isInstanceOf(TemplateException.class)
        .hasMessageContaining("Pipe SourceParameters.DynamoDBStreamParameters.BatchSize");
  }
}
