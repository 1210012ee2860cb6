package io.ddbsync.cli.shared.template;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.PipelineSettings.FunctionSettings;
import io.ddbsync.cli.shared.template.PipelineSettings.QueueSettings;
import io.ddbsync.template.PipelineTemplate;
import io.ddbsync.template.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@link PipelineSettings} from pipeline.yaml, every failure reported as one clear line. */
public final class TemplateSettings {

  /** The default stack name local resources are named after, where the template names them by stack. */
  public static final String LOCAL_STACK = "ddbsync";

  /** Queue attributes passed through to the local queue as written in the template. */
  private static final List<String> PASSED_ATTRIBUTES =
      List.of("MaximumMessageSize", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds",
          "DeduplicationScope", "FifoThroughputLimit");

  private TemplateSettings() {}

  public static PipelineTemplate template(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("template " + file + " does not exist (use --template PATH)");
    }
    try {
      PipelineTemplate template = PipelineTemplate.load(file);
      template.resources();
      return template;
    } catch (TemplateException e) {
      throw new UserError("template " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new UserError("template " + file + " does not parse: " + firstLine(e.getMessage()), e);
    }
  }

  public static PipelineSettings load(Path file) {
    return load(file, LOCAL_STACK);
  }

  /** The settings, with resources the template names after its stack named after {@code stack}. */
  public static PipelineSettings load(Path file, String stack) {
    PipelineTemplate template = template(file);
    try {
      return settings(template, stack);
    } catch (TemplateException e) {
      throw new UserError("template " + file + ": " + e.getMessage(), e);
    }
  }

  /** Only the filter patterns: what {@code test-filter} needs. */
  public static List<String> filterPatterns(Path file) {
    PipelineTemplate template = template(file);
    try {
      return template.filterPatterns();
    } catch (TemplateException e) {
      throw new UserError("template " + file + ": " + e.getMessage(), e);
    }
  }

  static PipelineSettings settings(PipelineTemplate template, String stack) {
    PipelineTemplate.PipeSource source = template.pipeSource();
    PipelineTemplate.Resource pipe = template.pipe();
    PipelineTemplate.Queue queue = template.changeQueue();
    PipelineTemplate.Redrive redrive = queue.redrive().orElseThrow(() ->
        new TemplateException(queue.logicalId() + " has no RedrivePolicy: the local run needs its dead-letter queue"));
    PipelineTemplate.QueueEventSource events = template.changeQueueEventSource();
    return new PipelineSettings(
        template.filterPatterns(),
        source.batchSize(),
        source.maximumBatchingWindowInSeconds(),
        source.parallelizationFactor(),
        new PipelineSettings.PipeFailureSettings(
            source.maximumRetryAttempts(),
            source.maximumRecordAgeInSeconds(),
            "AUTOMATIC_BISECT".equals(source.onPartialBatchItemFailure()),
            pipe.property("SourceParameters", "DynamoDBStreamParameters", "DeadLetterConfig", "Arn")
                .flatMap(PipelineTemplate::referencedResource)
                .map(id -> queueName(template, stack, id, template.queue(id).fifo()))),
        targetPath(template, pipe, "MessageGroupId"),
        targetPath(template, pipe, "MessageDeduplicationId"),
        new QueueSettings(
            queueName(template, stack, queue.logicalId(), queue.fifo()),
            queueName(template, stack, redrive.deadLetterQueueLogicalId(),
                template.queue(redrive.deadLetterQueueLogicalId()).fifo()),
            queue.fifo(),
            template.resource(queue.logicalId()).property("ContentBasedDeduplication")
                .flatMap(template::resolve).map(Boolean::parseBoolean).orElse(false),
            queue.visibilityTimeout(),
            redrive.maxReceiveCount(),
            passedAttributes(template, queue.logicalId())),
        events.batchSize(),
        // Without ScalingConfig Lambda scales pollers up to 1,000 concurrent invocations; locally a
        // handful already keeps every message group busy.
        events.maximumConcurrency().orElse(5),
        function(template.enrichmentFunction()),
        function(template.indexerFunction()));
  }

  private static String targetPath(PipelineTemplate template, PipelineTemplate.Resource pipe, String name) {
    return pipe.property("TargetParameters", "SqsQueueParameters", name)
        .flatMap(template::resolve)
        .orElseThrow(() -> new TemplateException(
            pipe.logicalId() + " has no TargetParameters.SqsQueueParameters." + name + " (a FIFO target needs it)"));
  }

  /**
   * The QueueName as CloudFormation would resolve it for stack {@code stack} (a literal, a parameter's
   * default, or {@code !Sub} over those, {@code AWS::StackName} and {@code !If} on the template's
   * conditions), or, left unnamed, a name derived from the logical id.
   */
  static String queueName(PipelineTemplate template, String stack, String logicalId, boolean fifo) {
    Optional<Object> name = template.resource(logicalId).property("QueueName");
    if (name.isEmpty()) {
      return stack + "-" + logicalId + (fifo ? ".fifo" : "");
    }
    return new StackValues(template, stack).text(name.get()).orElseThrow(() -> new TemplateException(
        logicalId + ".QueueName: cannot resolve " + name.get() + " locally (use a literal, !Ref, !Sub or !If)"));
  }

  private static Map<String, String> passedAttributes(PipelineTemplate template, String logicalId) {
    Map<String, String> attributes = new LinkedHashMap<>();
    PipelineTemplate.Resource queue = template.resource(logicalId);
    for (String name : PASSED_ATTRIBUTES) {
      queue.property(name).flatMap(template::resolve).ifPresent(value -> attributes.put(name, value));
    }
    return attributes;
  }

  private static FunctionSettings function(PipelineTemplate.Function function) {
    return new FunctionSettings(
        function.logicalId(),
        function.handler(),
        function.timeout(),
        function.memorySize(),
        List.copyOf(function.environmentNames()),
        new LinkedHashMap<>(function.environmentDefaults()));
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
