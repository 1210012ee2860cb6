package io.ddbsync.cli.shared.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local run takes from {@code pipeline.yaml}, parameter defaults resolved: the pipe's
 * filter and batching, the queue's attributes, the event source mapping's batching and concurrency,
 * and each function's handler and environment.
 */
public record PipelineSettings(
    List<String> filterPatterns,
    int pipeBatchSize,
    int batchingWindowSeconds,
    int parallelizationFactor,
    PipeFailureSettings pipeFailures,
    String groupIdPath,
    String dedupIdPath,
    QueueSettings queue,
    int indexerBatchSize,
    int maximumConcurrency,
    FunctionSettings enrichment,
    FunctionSettings indexer) {

  /**
   * The pipe's {@code MaximumRetryAttempts} and {@code MaximumRecordAgeInSeconds} (−1: no limit),
   * whether {@code OnPartialBatchItemFailure} is {@code AUTOMATIC_BISECT}, and the local name of the
   * queue its {@code DeadLetterConfig} names (empty without one).
   */
  public record PipeFailureSettings(
      int maximumRetryAttempts, int maximumRecordAgeSeconds, boolean bisect, Optional<String> deadLetterQueueName) {}

  /** The FIFO queue and its FIFO dead-letter queue. */
  public record QueueSettings(
      String name,
      String deadLetterName,
      boolean fifo,
      boolean contentBasedDeduplication,
      int visibilityTimeoutSeconds,
      int maxReceiveCount,
      Map<String, String> otherAttributes) {}

  /**
   * A function's handler ({@code class::method}), timeout, the environment variables it declares and
   * the values the template gives them (literals and parameter defaults; a variable set from another
   * resource, such as a queue URL, is declared but has no value until the local run provides one).
   */
  public record FunctionSettings(
      String name, String handler, int timeoutSeconds, int memoryMb, List<String> declared, Map<String, String> environment) {

    /** This function's environment with {@code overrides} applied on top. */
    public Map<String, String> environmentWith(Map<String, String> overrides) {
      Map<String, String> merged = new java.util.LinkedHashMap<>(environment);
      merged.putAll(overrides);
      return merged;
    }
  }
}
