package io.ddbsync.cli.shared.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Environment overrides in the format of {@code sam local invoke --env-vars FILE}: an object keyed by
 * function logical id ({@code {"EnrichmentFunction": {"ROUTES": "…"}}}), plus {@code Parameters}
 * for variables set on every function.
 */
public final class EnvVars {

  private final JsonNode root;

  private EnvVars(JsonNode root) {
    this.root = root;
  }

  public static EnvVars none() {
    return new EnvVars(ChangeMessages.MAPPER.createObjectNode());
  }

  public static EnvVars read(Path file) {
    JsonNode root;
    try {
      root = ChangeMessages.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserError("env-vars file " + file + " cannot be read as JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new UserError("env-vars file " + file + " must be a JSON object keyed by function logical id");
    }
    return new EnvVars(root);
  }

  /** The overrides for one function: {@code Parameters} first, then its own entries. */
  public Map<String, String> forFunction(String logicalId) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String section : new String[] {"Parameters", logicalId}) {
      root.path(section).fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
    }
    return variables;
  }

  /** The settings with each function's environment overridden. */
  public PipelineSettings applyTo(PipelineSettings settings) {
    return new PipelineSettings(
        settings.filterPatterns(),
        settings.pipeBatchSize(),
        settings.batchingWindowSeconds(),
        settings.parallelizationFactor(),
        settings.pipeFailures(),
        settings.groupIdPath(),
        settings.dedupIdPath(),
        settings.queue(),
        settings.indexerBatchSize(),
        settings.maximumConcurrency(),
        applyTo(settings.enrichment()),
        applyTo(settings.indexer()));
  }

  private PipelineSettings.FunctionSettings applyTo(PipelineSettings.FunctionSettings function) {
    return new PipelineSettings.FunctionSettings(
        function.name(),
        function.handler(),
        function.timeoutSeconds(),
        function.memoryMb(),
        function.declared(),
        function.environmentWith(forFunction(function.name())));
  }
}
