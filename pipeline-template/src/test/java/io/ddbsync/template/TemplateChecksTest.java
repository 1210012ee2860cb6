package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.function.config.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check passes on pipeline.yaml and fails on a copy broken in one place, so a check that
 * could never fail would show here.
 */
class TemplateChecksTest {

  @Nested
  class FilterPatterns {
    @Test
    void templatePatternsCompile() {
      assertThat(TemplateChecks.filterPatternProblems(Repo.template().filterPatterns())).isEmpty();
    }

    @Test
    void patternEventRulerRejectsIsCaught() {
      assertThat(TemplateChecks.filterPatternProblems(List.of("{\"dynamodb\":{\"Keys\":\"pk\"}}")))
          .singleElement().asString().startsWith("filter pattern does not compile");
      assertThat(TemplateChecks.filterPatternProblems(List.of("{\"dynamodb\":")))
          .singleElement().asString().startsWith("filter pattern does not compile");
    }

    @Test
    void patternOverPipesLengthLimitIsCaught() {
      String values = String.join(",", java.util.Collections.nCopies(700, "\"ORDER\""));
      String pattern = "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[" + values + "]}}}}";
      assertThat(pattern.length()).isGreaterThan(TemplateChecks.MAX_PATTERN_CHARS);
      assertThat(TemplateChecks.filterPatternProblems(List.of(pattern)))
          .singleElement().asString().startsWith("filter pattern of " + pattern.length() + " characters");
    }
  }

  @Nested
  class Batching {
    @Test
    void pipeBatchesStayWithinFiveAndIndexerBatchesWithinTen() {
      assertThat(TemplateChecks.batchSizeProblems(Repo.template())).isEmpty();
    }

    @Test
    void pipeBatchSizeParameterAllowingMoreThanFiveIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> Repo.map(root, "Parameters", "PipeBatchSize").put("MaxValue", 10));
      assertThat(TemplateChecks.batchSizeProblems(broken)).containsExactly(
          "Pipe SourceParameters.DynamoDBStreamParameters.BatchSize: parameter PipeBatchSize needs MaxValue 5 or less");
    }

    @Test
    void literalPipeBatchSizeAboveFiveIsCaught() {
      PipelineTemplate broken = Repo.edited(root ->
          Repo.map(Repo.properties(root, "Pipe"), "SourceParameters", "DynamoDBStreamParameters").put("BatchSize", 10));
      assertThat(TemplateChecks.batchSizeProblems(broken))
          .containsExactly("Pipe SourceParameters.DynamoDBStreamParameters.BatchSize is 10, above 5");
    }

    @Test
    void indexerBatchDefaultAboveTenIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> Repo.map(root, "Parameters", "IndexerBatchSize").put("Default", 11));
      assertThat(TemplateChecks.batchSizeProblems(broken))
          .containsExactly("IndexerFunction Events.Changes.Properties.BatchSize is 11, above 10");
    }

    @Test
    void pipeRetriesAreBoundedAndDeadLettered() {
      assertThat(TemplateChecks.retryProblems(Repo.template())).isEmpty();
    }

    @Test
    void infiniteRetriesAndMissingDeadLetterAreCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Repo.map(root, "Parameters", "PipeMaximumRetryAttempts").put("MinValue", -1);
        Repo.map(root, "Parameters", "PipeMaximumRetryAttempts").put("Default", -1);
        Repo.map(Repo.properties(root, "Pipe"), "SourceParameters", "DynamoDBStreamParameters").remove("DeadLetterConfig");
      });
      assertThat(TemplateChecks.retryProblems(broken)).containsExactly(
          "parameter PipeMaximumRetryAttempts must have MinValue 0 or more: -1 retries until the record expires",
          "Pipe: MaximumRetryAttempts is -1, which retries until the record expires",
          "Pipe: no DeadLetterConfig.Arn, so batches given up are lost");
    }

    @Test
    void indexerEventSourceReportsPartialFailuresWithBoundedConcurrency() {
      assertThat(TemplateChecks.eventSourceProblems(Repo.template())).isEmpty();
    }

    @Test
    void eventSourceWithoutPartialFailuresOrConcurrencyCapIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Map<String, Object> event = Repo.map(Repo.properties(root, "IndexerFunction"), "Events", "Changes", "Properties");
        event.remove("FunctionResponseTypes");
        event.remove("ScalingConfig");
      });
      assertThat(TemplateChecks.eventSourceProblems(broken)).hasSize(2);
    }
  }

  @Nested
  class Queues {
    @Test
    void changeQueueAndItsDeadLetterQueueAreFifo() {
      assertThat(TemplateChecks.fifoProblems(Repo.template())).isEmpty();
    }

    @Test
    void standardChangeQueueIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> Repo.properties(root, "ChangeQueue").remove("FifoQueue"));
      assertThat(TemplateChecks.fifoProblems(broken)).singleElement().asString().startsWith("ChangeQueue: the pipe's target must be a FIFO queue");
    }

    @Test
    void standardDeadLetterQueueAndMissingGroupIdAreCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Repo.properties(root, "ChangeDeadLetterQueue").put("FifoQueue", false);
        Repo.map(Repo.properties(root, "Pipe"), "TargetParameters", "SqsQueueParameters").remove("MessageGroupId");
      });
      assertThat(TemplateChecks.fifoProblems(broken)).containsExactly(
          "ChangeDeadLetterQueue: the dead-letter queue of a FIFO queue must be FIFO",
          "Pipe: TargetParameters.SqsQueueParameters.MessageGroupId is required for the FIFO target");
    }

    @Test
    void changeQueueHasARedrivePolicy() {
      assertThat(TemplateChecks.redriveProblems(Repo.template())).isEmpty();
    }

    @Test
    void missingRedrivePolicyIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> Repo.properties(root, "ChangeQueue").remove("RedrivePolicy"));
      assertThat(TemplateChecks.redriveProblems(broken)).singleElement().asString().startsWith("ChangeQueue: no RedrivePolicy");
    }

    @Test
    void bothDeadLetterQueuesAreRetained() {
      assertThat(TemplateChecks.deadLetterRetentionProblems(Repo.template())).isEmpty();
    }

    @Test
    void deadLetterQueueDeletedWithTheStackIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Repo.map(root, "Resources", "PipeDeadLetterQueue").remove("DeletionPolicy");
        Repo.map(root, "Resources", "ChangeDeadLetterQueue").put("UpdateReplacePolicy", "Delete");
      });
      assertThat(TemplateChecks.deadLetterRetentionProblems(broken)).containsExactly(
          "ChangeDeadLetterQueue: dead-letter queue without UpdateReplacePolicy: Retain loses its messages with the stack",
          "PipeDeadLetterQueue: dead-letter queue without DeletionPolicy: Retain loses its messages with the stack");
    }

    @Test
    void fifoQueueNamesFitInEightyCharacters() {
      assertThat(TemplateChecks.queueNameProblems(Repo.template())).isEmpty();
    }

    @Test
    void unnamedFifoQueueAndUnboundedPrefixAreCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Repo.properties(root, "ChangeDeadLetterQueue").remove("QueueName");
        Repo.map(root, "Parameters", "QueueNamePrefix").remove("MaxLength");
      });
      assertThat(TemplateChecks.queueNameProblems(broken)).containsExactly(
          "ChangeQueue: QueueName uses parameter QueueNamePrefix, which needs a MaxLength",
          "ChangeDeadLetterQueue: a FIFO queue needs a QueueName: generated ones pass 80 characters for long stack names");
    }

    @Test
    void prefixLongEnoughToPassEightyIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> Repo.map(root, "Parameters", "QueueNamePrefix").put("MaxLength", 64));
      assertThat(TemplateChecks.queueNameProblems(broken))
          .containsExactly("ChangeDeadLetterQueue: QueueName can be 81 characters, over SQS's 80");
    }

    @Test
    void visibilityTimeoutCoversSixIndexerTimeouts() {
      assertThat(TemplateChecks.visibilityTimeoutProblems(Repo.template())).isEmpty();
    }

    @Test
    void raisingIndexerTimeoutAloneIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> Repo.properties(root, "IndexerFunction").put("Timeout", 61));
      assertThat(TemplateChecks.visibilityTimeoutProblems(broken))
          .containsExactly("ChangeQueue: VisibilityTimeout 360 is under 6 x IndexerFunction Timeout 61 = 366");
    }
  }

  @Nested
  class Iam {
    @Test
    void everyAllowStatementHasScopedActionsAndResources() {
      assertThat(TemplateChecks.iamProblems(Repo.template())).isEmpty();
    }

    @Test
    void wildcardActionsAndUnscopedResourcesAreCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        List<Object> statements = pipeStatements(root);
        statements.add(Map.of("Sid", "All", "Effect", "Allow", "Action", "*", "Resource", "*"));
        statements.add(Map.of("Sid", "Sqs", "Effect", "Allow", "Action", List.of("sqs:*"), "Resource", List.of("arn:aws:sqs:x:1:q")));
        statements.add(Map.of("Effect", "Deny", "Action", "*", "Resource", "*"));
      });
      assertThat(TemplateChecks.iamProblems(broken)).containsExactly(
          "PipeRole statement All: wildcard action *",
          "PipeRole statement All: unscoped Resource \"*\"",
          "PipeRole statement Sqs: wildcard action sqs:*");
    }

    @Test
    void onlyActionsWithoutResourceLevelPermissionsMayHaveAnyResource() {
      PipelineTemplate broken = Repo.edited(root -> {
        List<Object> statements = pipeStatements(root);
        statements.add(Map.of("Sid", "List", "Effect", "Allow", "Action", "dynamodb:ListStreams", "Resource", "*"));
        statements.add(Map.of("Sid", "Read", "Effect", "Allow", "Action", List.of("dynamodb:ListStreams", "dynamodb:GetRecords"), "Resource", "*"));
      });
      assertThat(TemplateChecks.iamProblems(broken)).containsExactly("PipeRole statement Read: unscoped Resource \"*\"");
    }

    @Test
    void wildcardInsideConditionalStatementIsCaught() {
      PipelineTemplate broken = Repo.edited(root -> pipeStatements(root).add(Map.of("Fn::If", List.of("UsesBasicAuth",
          Map.of("Sid", "Secret", "Effect", "Allow", "Action", "secretsmanager:Get*", "Resource", "arn:aws:secretsmanager:x:1:secret:s"),
          Map.of("Ref", "AWS::NoValue")))));
      assertThat(TemplateChecks.iamProblems(broken)).containsExactly("PipeRole statement Secret: wildcard action secretsmanager:Get*");
    }

    @Test
    void samPolicyTemplatesManagedPoliciesAndDefaultRolesAreCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Map<String, Object> indexer = Repo.properties(root, "IndexerFunction");
        indexer.remove("Role");
        indexer.put("Policies", List.of(Map.of("SQSPollerPolicy", Map.of("QueueName", "q"))));
        Repo.properties(root, "EnrichmentRole").put("ManagedPolicyArns", List.of("arn:aws:iam::aws:policy/AdministratorAccess"));
      });
      assertThat(TemplateChecks.iamProblems(broken)).hasSize(3)
          .anySatisfy(p -> assertThat(p).startsWith("EnrichmentRole: ManagedPolicyArns"))
          .anySatisfy(p -> assertThat(p).startsWith("IndexerFunction: without Role"))
          .anySatisfy(p -> assertThat(p).contains("SQSPollerPolicy"));
    }

    @SuppressWarnings("unchecked")
    private List<Object> pipeStatements(Map<String, Object> root) {
      List<Object> policies = (List<Object>) Repo.properties(root, "PipeRole").get("Policies");
      Map<String, Object> document = Repo.map((Map<String, Object>) policies.get(0), "PolicyDocument");
      List<Object> statements = new ArrayList<>((List<Object>) document.get("Statement"));
      document.put("Statement", statements);
      return statements;
    }
  }

  @Nested
  class FunctionCode {
    @Test
    void handlersExistInTheFunctionModules() {
      assertThat(TemplateChecks.handlerProblems(Repo.template(), Repo.root())).isEmpty();
    }

    @Test
    void eachFunctionSetsExactlyTheVariablesOfItsConfigurationContract() {
      assertThat(TemplateChecks.environmentProblems(Repo.template(), FunctionContracts.BY_HANDLER)).isEmpty();
    }

    @Test
    void handlerCheckPassesOnACompleteSourceTree(@TempDir Path repo) throws IOException {
      PipelineTemplate template = Repo.template();
      writeHandlerSources(repo, template);
      assertThat(TemplateChecks.handlerProblems(template, repo)).isEmpty();
    }

    @Test
    void missingHandlerSourceIsCaught(@TempDir Path repo) throws IOException {
      PipelineTemplate template = Repo.template();
      writeHandlerSources(repo, template);
      Files.delete(repo.resolve("indexer-fn/src/main/java/io/ddbsync/indexer/IndexerHandler.java"));
      assertThat(TemplateChecks.handlerProblems(template, repo)).containsExactly(
          "IndexerFunction: handler class io.ddbsync.indexer.IndexerHandler has no source file indexer-fn/src/main/java/io/ddbsync/indexer/IndexerHandler.java");
    }

    @Test
    void misspelledHandlerClassIsCaught(@TempDir Path repo) throws IOException {
      PipelineTemplate template = Repo.template();
      writeHandlerSources(repo, template);
      PipelineTemplate broken = Repo.edited(root ->
          Repo.properties(root, "EnrichmentFunction").put("Handler", "io.ddbsync.enrichment.EnrichHandler::handleRequest"));
      assertThat(TemplateChecks.handlerProblems(broken, repo)).singleElement().asString()
          .startsWith("EnrichmentFunction: handler class io.ddbsync.enrichment.EnrichHandler has no source file");
    }

    @Test
    void variableNoConfigurationReadsAndVariableTheTemplateLacksAreCaught() {
      PipelineTemplate broken = Repo.edited(root -> {
        Repo.map(Repo.properties(root, "EnrichmentFunction"), "Environment", "Variables").put("MAX_MESAGE_BYTES", "1");
        Repo.map(Repo.properties(root, "IndexerFunction"), "Environment", "Variables").remove("ROUTES");
      });
      assertThat(TemplateChecks.environmentProblems(broken, FunctionContracts.BY_HANDLER)).containsExactly(
          "EnrichmentFunction: sets MAX_MESAGE_BYTES, which its configuration does not read",
          "IndexerFunction: its configuration reads ROUTES, which the template does not set");
    }

    @Test
    void sharedVariableWithAnotherValueInOneFunctionIsCaught() {
      PipelineTemplate broken = Repo.edited(root ->
          Repo.map(Repo.properties(root, "IndexerFunction"), "Environment", "Variables").put("DEFAULT_INDEX", "other"));
      assertThat(TemplateChecks.environmentProblems(broken, FunctionContracts.BY_HANDLER)).singleElement().asString()
          .startsWith("IndexerFunction: sets DEFAULT_INDEX to other, but EnrichmentFunction sets it to ");
    }

    @Test
    void handlerWithoutAContractIsCaught() {
      assertThat(TemplateChecks.environmentProblems(Repo.template(), Map.of())).contains(
          "EnrichmentFunction: no configuration contract for handler class io.ddbsync.enrichment.EnrichmentHandler");
    }

    @Test
    void variablesBothFunctionsReadHaveOneDefault() {
      assertThat(TemplateChecks.contractDefaultProblems(FunctionContracts.BY_HANDLER)).isEmpty();
    }

    @Test
    void variableWithTwoDefaultsIsCaught() {
      enum Other implements Variable {
        DEFAULT_INDEX;

        @Override
        public String defaultValue() {
          return "elsewhere";
        }
      }
      Map<String, List<Variable>> contracts = new LinkedHashMap<>(FunctionContracts.BY_HANDLER);
      contracts.put("other.Handler", List.of(Other.DEFAULT_INDEX));
      assertThat(TemplateChecks.contractDefaultProblems(contracts)).isNotEmpty()
          .allSatisfy(problem -> assertThat(problem).startsWith("DEFAULT_INDEX: default "));
    }

    /** Stand-ins for the function modules: a handler source per function. */
    private void writeHandlerSources(Path repo, PipelineTemplate template) throws IOException {
      for (PipelineTemplate.Function function : template.functions()) {
        String[] handler = function.handler().split("::");
        String className = handler[0].substring(handler[0].lastIndexOf('.') + 1);
        Path dir = repo.resolve(function.codeUri().split("/")[0]).resolve("src/main/java")
            .resolve(handler[0].substring(0, handler[0].lastIndexOf('.')).replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(className + ".java"),
            "class " + className + " {\n  public void " + handler[1] + "(Object in) {}\n}\n");
      }
    }
  }
}
