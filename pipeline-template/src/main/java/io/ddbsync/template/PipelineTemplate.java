package io.ddbsync.template;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pipeline.yaml as parsed maps, with the few lookups that tests and the CLI need: the pipe's
 * filters and source settings, the change queue and its dead-letter queue, the indexer's event
 * source and each function's handler and environment. Values written as {@code !Ref Parameter}
 * resolve to the parameter's default.
 */
public record PipelineTemplate(Map<String, Object> root) {

  public static final String PIPE = "AWS::Pipes::Pipe";
  public static final String QUEUE = "AWS::SQS::Queue";
  public static final String FUNCTION = "AWS::Serverless::Function";

  public record Parameter(
      String name,
      String type,
      Optional<String> defaultValue,
      List<String> allowedValues,
      Optional<BigDecimal> minValue,
      Optional<BigDecimal> maxValue,
      Optional<Integer> maxLength) {}

  public record Resource(String logicalId, String type, Map<String, Object> properties) {
    /** The value at a path of nested property names, if every step is a map holding it. */
    public Optional<Object> property(String... path) {
      Object value = properties;
      for (String key : path) {
        if (!(value instanceof Map<?, ?> map) || !map.containsKey(key)) {
          return Optional.empty();
        }
        value = map.get(key);
      }
      return Optional.ofNullable(value);
    }
  }

  public record PipeSource(
      String startingPosition,
      int batchSize,
      int maximumBatchingWindowInSeconds,
      int parallelizationFactor,
      int maximumRetryAttempts,
      int maximumRecordAgeInSeconds,
      String onPartialBatchItemFailure) {}

  public record Redrive(String deadLetterQueueLogicalId, int maxReceiveCount) {}

  public record Queue(
      String logicalId,
      boolean fifo,
      int visibilityTimeout,
      int maximumMessageSize,
      Optional<Redrive> redrive) {}

  public record QueueEventSource(
      String functionLogicalId,
      String queueLogicalId,
      int batchSize,
      Optional<Integer> maximumConcurrency,
      List<String> functionResponseTypes) {}

  public record Function(
      String logicalId,
      String handler,
      String codeUri,
      int timeout,
      int memorySize,
      List<String> environmentNames,
      Map<String, String> environmentDefaults) {}

  public static PipelineTemplate load(Path path) {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TemplateException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public static PipelineTemplate parse(String yaml) {
    return new PipelineTemplate(CloudFormationYaml.parse(yaml));
  }

  public Map<String, Parameter> parameters() {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    section("Parameters").forEach((name, value) -> {
      Map<String, Object> p = asMap(value, "Parameters." + name);
      parameters.put(name, new Parameter(
          name,
          String.valueOf(p.get("Type")),
          Optional.ofNullable(p.get("Default")).map(String::valueOf),
          p.get("AllowedValues") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(),
          Optional.ofNullable(p.get("MinValue")).map(v -> new BigDecimal(String.valueOf(v))),
          Optional.ofNullable(p.get("MaxValue")).map(v -> new BigDecimal(String.valueOf(v))),
          Optional.ofNullable(p.get("MaxLength")).map(v -> Integer.valueOf(String.valueOf(v)))));
    });
    return parameters;
  }

  public Map<String, Resource> resources() {
    Map<String, Resource> resources = new LinkedHashMap<>();
    section("Resources").forEach((id, value) -> {
      Map<String, Object> r = asMap(value, "Resources." + id);
      Object properties = r.getOrDefault("Properties", Map.of());
      resources.put(id, new Resource(id, String.valueOf(r.get("Type")), asMap(properties, id + ".Properties")));
    });
    return resources;
  }

  public Resource resource(String logicalId) {
    Resource resource = resources().get(logicalId);
    if (resource == null) {
      throw new TemplateException("no resource " + logicalId);
    }
    return resource;
  }

  public List<Resource> resourcesOfType(String type) {
    return resources().values().stream().filter(r -> r.type().equals(type)).toList();
  }

  /** A literal, or a {@code !Ref} to a parameter with a default; empty for anything else. */
  public Optional<String> resolve(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return Optional.of(String.valueOf(value));
    }
    if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String name) {
      Parameter parameter = parameters().get(name);
      return parameter == null ? Optional.empty() : parameter.defaultValue();
    }
    return Optional.empty();
  }

  public Resource pipe() {
    List<Resource> pipes = resourcesOfType(PIPE);
    if (pipes.size() != 1) {
      throw new TemplateException("expected one " + PIPE + ", found " + pipes.size());
    }
    return pipes.get(0);
  }

  /** The pipe's filter patterns, JSON strings as written (a Pattern that is not a literal is an error). */
  public List<String> filterPatterns() {
    Resource pipe = pipe();
    Object filters = pipe.property("SourceParameters", "FilterCriteria", "Filters").orElse(List.of());
    List<String> patterns = new ArrayList<>();
    for (Object filter : asList(filters, pipe.logicalId() + " FilterCriteria.Filters")) {
      Object pattern = asMap(filter, pipe.logicalId() + " filter").get("Pattern");
      if (!(pattern instanceof String text)) {
        throw new TemplateException(pipe.logicalId() + ": a filter Pattern must be a JSON string, got " + pattern);
      }
      patterns.add(text);
    }
    return patterns;
  }

  public PipeSource pipeSource() {
    Resource pipe = pipe();
    String[] at = {"SourceParameters", "DynamoDBStreamParameters"};
    return new PipeSource(
        text(pipe, at, "StartingPosition"),
        integer(pipe, at, "BatchSize"),
        integer(pipe, at, "MaximumBatchingWindowInSeconds"),
        pipe.property(at[0], at[1], "ParallelizationFactor").isPresent() ? integer(pipe, at, "ParallelizationFactor") : 1,
        integer(pipe, at, "MaximumRetryAttempts"),
        integer(pipe, at, "MaximumRecordAgeInSeconds"),
        text(pipe, at, "OnPartialBatchItemFailure"));
  }

  /** The FIFO queue the pipe sends change messages to. */
  public Queue changeQueue() {
    Resource pipe = pipe();
    return queue(referencedResource(pipe.property("Target").orElse(null))
        .orElseThrow(() -> new TemplateException(pipe.logicalId() + ": Target names no resource of this template")));
  }

  public Queue queue(String logicalId) {
    Resource queue = resource(logicalId);
    if (!queue.type().equals(QUEUE)) {
      throw new TemplateException(logicalId + " is a " + queue.type() + ", not an " + QUEUE);
    }
    String[] top = {};
    Optional<Redrive> redrive = queue.property("RedrivePolicy").map(policy -> new Redrive(
        referencedResource(asMap(policy, logicalId + ".RedrivePolicy").get("deadLetterTargetArn"))
            .orElseThrow(() -> new TemplateException(logicalId + ": RedrivePolicy.deadLetterTargetArn names no resource")),
        integer(queue, new String[] {"RedrivePolicy"}, "maxReceiveCount")));
    return new Queue(
        logicalId,
        queue.property("FifoQueue").flatMap(this::resolve).map(Boolean::parseBoolean).orElse(false),
        queue.property("VisibilityTimeout").isPresent() ? integer(queue, top, "VisibilityTimeout") : 30,
        queue.property("MaximumMessageSize").isPresent() ? integer(queue, top, "MaximumMessageSize") : 262144,
        redrive);
  }

  /** The SQS event of the function that consumes the change queue. */
  public QueueEventSource changeQueueEventSource() {
    String queueId = changeQueue().logicalId();
    for (Resource function : resourcesOfType(FUNCTION)) {
      Map<String, Object> events = asMap(function.property("Events").orElse(Map.of()), function.logicalId() + ".Events");
      for (Map.Entry<String, Object> event : events.entrySet()) {
        Map<String, Object> e = asMap(event.getValue(), function.logicalId() + ".Events." + event.getKey());
        Map<String, Object> p = asMap(e.getOrDefault("Properties", Map.of()), event.getKey() + ".Properties");
        if ("SQS".equals(e.get("Type")) && referencedResource(p.get("Queue")).filter(queueId::equals).isPresent()) {
          String[] at = {"Events", event.getKey(), "Properties"};
          Optional<Integer> maximumConcurrency = function.property("Events", event.getKey(), "Properties", "ScalingConfig", "MaximumConcurrency")
              .map(v -> integer(function, new String[] {"Events", event.getKey(), "Properties", "ScalingConfig"}, "MaximumConcurrency"));
          return new QueueEventSource(
              function.logicalId(),
              queueId,
              p.containsKey("BatchSize") ? integer(function, at, "BatchSize") : 10,
              maximumConcurrency,
              p.get("FunctionResponseTypes") instanceof List<?> types ? types.stream().map(String::valueOf).toList() : List.of());
        }
      }
    }
    throw new TemplateException("no function has an SQS event on the change queue " + queueId);
  }

  /** The function the pipe calls for enrichment ({@code !Ref Function.Alias} or an ARN attribute). */
  public Function enrichmentFunction() {
    Resource pipe = pipe();
    return function(referencedResource(pipe.property("Enrichment").orElse(null))
        .orElseThrow(() -> new TemplateException(pipe.logicalId() + ": Enrichment names no function of this template")));
  }

  public Function indexerFunction() {
    return function(changeQueueEventSource().functionLogicalId());
  }

  public List<Function> functions() {
    return resourcesOfType(FUNCTION).stream().map(r -> function(r.logicalId())).toList();
  }

  public Function function(String logicalId) {
    Resource function = resource(logicalId);
    if (!function.type().equals(FUNCTION)) {
      throw new TemplateException(logicalId + " is a " + function.type() + ", not an " + FUNCTION);
    }
    String[] top = {};
    Map<String, Object> variables = asMap(function.property("Environment", "Variables").orElse(Map.of()), logicalId + " Environment.Variables");
    Map<String, String> defaults = new LinkedHashMap<>();
    variables.forEach((name, value) -> resolve(value).ifPresent(v -> defaults.put(name, v)));
    return new Function(
        logicalId,
        text(function, top, "Handler"),
        text(function, top, "CodeUri"),
        function.property("Timeout").isPresent() ? integer(function, top, "Timeout") : 3,
        function.property("MemorySize").isPresent() ? integer(function, top, "MemorySize") : 128,
        List.copyOf(variables.keySet()),
        defaults);
  }

  /** The logical id named by {@code !Ref X}, {@code !Ref X.Alias} (SAM) or {@code !GetAtt X.Attr}. */
  public static Optional<String> referencedResource(Object value) {
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      if (map.get("Ref") instanceof String ref) {
        int dot = ref.indexOf('.');
        return Optional.of(dot < 0 ? ref : ref.substring(0, dot));
      }
      if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
        return Optional.of(String.valueOf(getAtt.get(0)));
      }
    }
    return Optional.empty();
  }

  private Map<String, Object> section(String name) {
    return asMap(root.getOrDefault(name, Map.of()), name);
  }

  private String text(Resource resource, String[] at, String name) {
    return resolve(value(resource, at, name)).orElseThrow(() -> unresolved(resource, at, name));
  }

  private int integer(Resource resource, String[] at, String name) {
    String text = text(resource, at, name);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new TemplateException(resource.logicalId() + " " + path(at, name) + ": not an integer: " + text, e);
    }
  }

  private static Object value(Resource resource, String[] at, String name) {
    String[] path = new String[at.length + 1];
    System.arraycopy(at, 0, path, 0, at.length);
    path[at.length] = name;
    return resource.property(path).orElseThrow(() ->
        new TemplateException(resource.logicalId() + " has no " + path(at, name)));
  }

  private TemplateException unresolved(Resource resource, String[] at, String name) {
    return new TemplateException(resource.logicalId() + " " + path(at, name)
        + " is neither a literal nor a !Ref to a parameter with a default: " + value(resource, at, name));
  }

  private static String path(String[] at, String name) {
    return at.length == 0 ? name : String.join(".", at) + "." + name;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String where) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new TemplateException(where + " must be a mapping, got " + value);
  }

  private static List<Object> asList(Object value, String where) {
    if (value instanceof List<?> list) {
      return List.copyOf(list);
    }
    throw new TemplateException(where + " must be a list, got " + value);
  }
}
