package io.ddbsync.template;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.ddbsync.function.config.Variable;
import software.amazon.event.ruler.JsonRuleCompiler;

/**
 * Checks of pipeline.yaml that need no AWS account. Each returns the problems it found, each
 * naming the resource and what to change; an empty list means the check passed.
 */
final class TemplateChecks {

  /** Pipes rejects longer filter patterns (Amazon EventBridge User Guide, "Amazon EventBridge quotas": event pattern size). */
  static final int MAX_PATTERN_CHARS = 4096;
  /** Pipes does not invoke an SQS target with more than 10 enriched events; Lambda takes at most 10 from FIFO. */
  static final int MAX_SQS_BATCH = 10;
  /** The enrichment turns a MODIFY that moves an item out of its index into a tombstone and an upsert (or an invalid message, when no index takes it). */
  static final int MAX_MESSAGES_PER_RECORD = 2;
  static final int MAX_PIPE_BATCH = MAX_SQS_BATCH / MAX_MESSAGES_PER_RECORD;
  /** Lambda's advice for SQS event sources: visibility timeout at least 6 x the function timeout. */
  static final int VISIBILITY_TIMEOUT_FACTOR = 6;

  /** SQS: a queue name has at most 80 characters, ".fifo" included. */
  static final int MAX_QUEUE_NAME = 80;
  /**
   * Actions an Allow statement may grant on Resource "*": ListStreams takes no resource-level
   * permission (DynamoDB service authorization reference), and Lambda needs the network-interface
   * actions of AWSLambdaVPCAccessExecutionRole on "*" to attach a function to a VPC.
   */
  static final Set<String> ACTIONS_ON_ANY_RESOURCE = Set.of(
      "dynamodb:ListStreams",
      "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
  private static final Pattern SAMPLE_PATH = Pattern.compile("samples/[A-Za-z0-9_./-]*[A-Za-z0-9_/-]");

  private TemplateChecks() {}

  /** Patterns Event Ruler cannot compile, or longer than Pipes accepts. */
  static List<String> filterPatternProblems(List<String> patterns) {
    List<String> problems = new ArrayList<>();
    for (String pattern : patterns) {
      if (pattern.length() > MAX_PATTERN_CHARS) {
        problems.add("filter pattern of " + pattern.length() + " characters (Pipes allows " + MAX_PATTERN_CHARS + "): " + abbreviate(pattern));
      }
      String error = JsonRuleCompiler.check(pattern);
      if (error != null) {
        problems.add("filter pattern does not compile (" + error + "): " + abbreviate(pattern));
      }
    }
    return problems;
  }

  /**
   * Pipe batches whose enrichment output could exceed 10 messages, and indexer batches above 10, as
   * literals, parameter defaults or parameter MaxValues.
   */
  static List<String> batchSizeProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    PipelineTemplate.Resource pipe = template.pipe();
    atMost(template, pipe, MAX_PIPE_BATCH, problems, "SourceParameters", "DynamoDBStreamParameters", "BatchSize");
    PipelineTemplate.QueueEventSource events = template.changeQueueEventSource();
    PipelineTemplate.Resource indexer = template.resource(events.functionLogicalId());
    String event = eventName(indexer);
    atMost(template, indexer, MAX_SQS_BATCH, problems, "Events", event, "Properties", "BatchSize");
    return problems;
  }

  /** The pipe gives up on a batch at some point: -1 (forever) blocks the shard behind a poison record. */
  static List<String> retryProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    PipelineTemplate.Resource pipe = template.pipe();
    Object value = pipe.property("SourceParameters", "DynamoDBStreamParameters", "MaximumRetryAttempts").orElse(null);
    if (value == null) {
      problems.add(pipe.logicalId() + ": no MaximumRetryAttempts, whose default -1 retries until the record expires");
    } else {
      parameterOf(template, value).ifPresent(p -> {
        if (p.minValue().isEmpty() || p.minValue().get().signum() < 0) {
          problems.add("parameter " + p.name() + " must have MinValue 0 or more: -1 retries until the record expires");
        }
      });
      if (template.pipeSource().maximumRetryAttempts() < 0) {
        problems.add(pipe.logicalId() + ": MaximumRetryAttempts is -1, which retries until the record expires");
      }
    }
    if (pipe.property("SourceParameters", "DynamoDBStreamParameters", "DeadLetterConfig", "Arn").isEmpty()) {
      problems.add(pipe.logicalId() + ": no DeadLetterConfig.Arn, so batches given up are lost");
    }
    return problems;
  }

  /** The change queue and its dead-letter queue are FIFO and the pipe sets group and deduplication ids. */
  static List<String> fifoProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    PipelineTemplate.Queue queue = template.changeQueue();
    if (!queue.fifo()) {
      problems.add(queue.logicalId() + ": the pipe's target must be a FIFO queue (FifoQueue: true) to keep each item's changes in order");
    }
    queue.redrive().map(r -> template.queue(r.deadLetterQueueLogicalId())).filter(dlq -> !dlq.fifo())
        .ifPresent(dlq -> problems.add(dlq.logicalId() + ": the dead-letter queue of a FIFO queue must be FIFO"));
    PipelineTemplate.Resource pipe = template.pipe();
    for (String id : List.of("MessageGroupId", "MessageDeduplicationId")) {
      if (pipe.property("TargetParameters", "SqsQueueParameters", id).isEmpty()) {
        problems.add(pipe.logicalId() + ": TargetParameters.SqsQueueParameters." + id + " is required for the FIFO target");
      }
    }
    return problems;
  }

  static List<String> redriveProblems(PipelineTemplate template) {
    PipelineTemplate.Queue queue = template.changeQueue();
    if (queue.redrive().isEmpty()) {
      return List.of(queue.logicalId() + ": no RedrivePolicy, so a message that keeps failing is retried until it expires");
    }
    return queue.redrive().get().maxReceiveCount() < 1
        ? List.of(queue.logicalId() + ": RedrivePolicy.maxReceiveCount must be at least 1")
        : List.of();
  }

  /**
   * Both dead-letter queues (the change queue's redrive target and the pipe's DeadLetterConfig)
   * survive deleting the stack and replacing the queue: their messages are the only record of
   * changes that did not reach the index.
   */
  static List<String> deadLetterRetentionProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    List<String> deadLetterQueues = new ArrayList<>();
    template.changeQueue().redrive().ifPresent(r -> deadLetterQueues.add(r.deadLetterQueueLogicalId()));
    template.pipe().property("SourceParameters", "DynamoDBStreamParameters", "DeadLetterConfig", "Arn")
        .flatMap(PipelineTemplate::referencedResource).ifPresent(deadLetterQueues::add);
    for (String id : deadLetterQueues) {
      Map<String, Object> resource = asMap(asMap(template.root().get("Resources")).get(id));
      for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
        if (!"Retain".equals(resource.get(policy))) {
          problems.add(id + ": dead-letter queue without " + policy + ": Retain loses its messages with the stack");
        }
      }
    }
    return problems;
  }

  /**
   * Every FIFO queue is named (CloudFormation's generated FIFO names can pass 80 characters), and
   * its longest name, each parameter in it at its MaxLength, fits in 80. The stack name, when it
   * stands in for an empty prefix, is bounded by the README instead: CloudFormation cannot.
   */
  static List<String> queueNameProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    for (PipelineTemplate.Resource queue : template.resourcesOfType(PipelineTemplate.QUEUE)) {
      if (!template.queue(queue.logicalId()).fifo()) {
        continue;
      }
      Optional<Object> name = queue.property("QueueName");
      if (name.isEmpty()) {
        problems.add(queue.logicalId() + ": a FIFO queue needs a QueueName: generated ones pass 80 characters for long stack names");
        continue;
      }
      int longest = longestName(template, name.get(), queue.logicalId(), problems);
      if (longest > MAX_QUEUE_NAME) {
        problems.add(queue.logicalId() + ": QueueName can be " + longest + " characters, over SQS's " + MAX_QUEUE_NAME);
      }
    }
    return problems;
  }

  /** The longest a QueueName can be: a literal, or !Sub over parameters with a MaxLength. */
  private static int longestName(PipelineTemplate template, Object name, String id, List<String> problems) {
    if (name instanceof String literal) {
      return literal.length();
    }
    Map<String, Object> map = asMap(name);
    if (map.get("Ref") instanceof String parameter) {
      if ("AWS::StackName".equals(parameter)) {
        return 0;
      }
      Optional<Integer> max = Optional.ofNullable(template.parameters().get(parameter)).flatMap(PipelineTemplate.Parameter::maxLength);
      if (max.isEmpty()) {
        problems.add(id + ": QueueName uses parameter " + parameter + ", which needs a MaxLength");
        return 0;
      }
      return max.get();
    }
    if (map.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
      return Math.max(longestName(template, branches.get(1), id, problems), longestName(template, branches.get(2), id, problems));
    }
    List<?> sub = map.get("Fn::Sub") instanceof List<?> list ? list : List.of(String.valueOf(map.get("Fn::Sub")));
    Map<String, Object> variables = sub.size() > 1 ? asMap(sub.get(1)) : Map.of();
    Matcher m = SUB_VARIABLE.matcher(String.valueOf(sub.get(0)));
    int length = 0;
    int literalEnd = 0;
    while (m.find()) {
      length += m.start() - literalEnd;
      literalEnd = m.end();
      String variable = m.group(1);
      length += longestName(template, variables.getOrDefault(variable, Map.of("Ref", variable)), id, problems);
    }
    return length + String.valueOf(sub.get(0)).length() - literalEnd;
  }

  static List<String> visibilityTimeoutProblems(PipelineTemplate template) {
    PipelineTemplate.Queue queue = template.changeQueue();
    PipelineTemplate.Function indexer = template.indexerFunction();
    int minimum = VISIBILITY_TIMEOUT_FACTOR * indexer.timeout();
    return queue.visibilityTimeout() < minimum
        ? List.of(queue.logicalId() + ": VisibilityTimeout " + queue.visibilityTimeout() + " is under " + VISIBILITY_TIMEOUT_FACTOR
            + " x " + indexer.logicalId() + " Timeout " + indexer.timeout() + " = " + minimum)
        : List.of();
  }

  /** The indexer's SQS event reports partial failures and has a concurrency cap Lambda accepts (2 or more). */
  static List<String> eventSourceProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    PipelineTemplate.QueueEventSource events = template.changeQueueEventSource();
    if (!events.functionResponseTypes().contains("ReportBatchItemFailures")) {
      problems.add(events.functionLogicalId() + ": the SQS event needs FunctionResponseTypes [ReportBatchItemFailures]");
    }
    if (events.maximumConcurrency().filter(c -> c >= 2).isEmpty()) {
      problems.add(events.functionLogicalId() + ": the SQS event needs ScalingConfig.MaximumConcurrency of 2 or more");
    }
    return problems;
  }

  /** Allow statements with a wildcard action, NotAction, an unscoped resource, or policies whose actions are hidden. */
  static List<String> iamProblems(PipelineTemplate template) {
    List<String> problems = new ArrayList<>();
    for (PipelineTemplate.Resource resource : template.resources().values()) {
      String id = resource.logicalId();
      switch (resource.type()) {
        case "AWS::IAM::Role" -> {
          resource.property("ManagedPolicyArns").ifPresent(p -> problems.add(id + ": ManagedPolicyArns hide their actions and resources; write statements"));
          for (Object policy : branches(resource.property("Policies").orElse(List.of()))) {
            statements(asMap(policy).get("PolicyDocument"), id, problems);
          }
        }
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy" ->
            statements(resource.property("PolicyDocument").orElse(null), id, problems);
        case PipelineTemplate.FUNCTION -> {
          if (resource.property("Role").isEmpty()) {
            problems.add(id + ": without Role, SAM creates one with AWSLambdaBasicExecutionRole (Resource \"*\") and event-source managed policies");
          }
          for (Object policy : branches(resource.property("Policies").orElse(List.of()))) {
            if (policy instanceof Map<?, ?> document && document.containsKey("Statement")) {
              statements(document, id, problems);
            } else {
              problems.add(id + ": policy " + policy + " is a managed policy or SAM policy template that hides its actions; write statements");
            }
          }
        }
        default -> { }
      }
    }
    return problems;
  }

  private static void statements(Object document, String id, List<String> problems) {
    if (!(document instanceof Map<?, ?> map)) {
      problems.add(id + ": policy document is not a mapping: " + document);
      return;
    }
    for (Object item : branches(map.get("Statement"))) {
      Map<String, Object> statement = asMap(item);
      if (!"Allow".equals(statement.get("Effect"))) {
        continue;
      }
      String where = id + " statement " + statement.getOrDefault("Sid", statement.get("Action"));
      if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
        problems.add(where + ": NotAction/NotResource allow everything else");
      }
      for (Object action : branches(statement.get("Action"))) {
        if (String.valueOf(action).contains("*")) {
          problems.add(where + ": wildcard action " + action);
        }
      }
      List<Object> resources = branches(statement.get("Resource"));
      if (resources.isEmpty() && !statement.containsKey("NotResource")) {
        problems.add(where + ": no Resource");
      }
      boolean anyResourceAllowed = branches(statement.get("Action")).stream().allMatch(ACTIONS_ON_ANY_RESOURCE::contains);
      for (Object resource : resources) {
        if ("*".equals(resource) && !anyResourceAllowed) {
          problems.add(where + ": unscoped Resource \"*\"");
        }
      }
    }
  }

  /** Each handler's class has a source file, declaring the handler method, in the module its CodeUri jar comes from. */
  static List<String> handlerProblems(PipelineTemplate template, Path repo) {
    List<String> problems = new ArrayList<>();
    for (PipelineTemplate.Function function : template.functions()) {
      String[] handler = function.handler().split("::", 2);
      Path source = sourceRoot(function, repo).resolve(handler[0].replace('.', '/') + ".java");
      if (!Files.isRegularFile(source)) {
        problems.add(function.logicalId() + ": handler class " + handler[0] + " has no source file " + repo.relativize(source));
      } else if (handler.length == 2 && !Repo.read(source).contains(" " + handler[1] + "(")) {
        problems.add(function.logicalId() + ": " + repo.relativize(source) + " declares no method " + handler[1]);
      }
    }
    return problems;
  }

  /**
   * Each function sets exactly the variables its configuration contract lists ({@code contracts}: the
   * {@link Variable} enum of each handler class), and a variable both functions read has the same
   * value in both: the indexer routes and projects fetched items as the enrichment does. Names
   * starting with AWS_ may stay unset: Lambda's runtime (or the local CLI) provides them.
   */
  static List<String> environmentProblems(PipelineTemplate template, Map<String, List<Variable>> contracts) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> firstValue = new HashMap<>();
    Map<String, String> firstFunction = new HashMap<>();
    for (PipelineTemplate.Function function : template.functions()) {
      String handlerClass = function.handler().split("::", 2)[0];
      List<Variable> contract = contracts.get(handlerClass);
      if (contract == null) {
        problems.add(function.logicalId() + ": no configuration contract for handler class " + handlerClass);
        continue;
      }
      Set<String> read = new TreeSet<>(contract.stream().map(Variable::name).toList());
      for (String name : function.environmentNames()) {
        if (!read.contains(name)) {
          problems.add(function.logicalId() + ": sets " + name + ", which its configuration does not read");
        }
      }
      read.stream().filter(name -> !name.startsWith("AWS_") && !function.environmentNames().contains(name)).forEach(name ->
          problems.add(function.logicalId() + ": its configuration reads " + name + ", which the template does not set"));
      Map<String, Object> values = asMap(template.resource(function.logicalId()).property("Environment", "Variables").orElse(Map.of()));
      for (String name : read) {
        if (!values.containsKey(name)) {
          continue;
        }
        Object earlier = firstValue.putIfAbsent(name, values.get(name));
        if (earlier == null) {
          firstFunction.put(name, function.logicalId());
        } else if (!earlier.equals(values.get(name))) {
          problems.add(function.logicalId() + ": sets " + name + " to " + values.get(name) + ", but "
              + firstFunction.get(name) + " sets it to " + earlier + "; both must read the same value");
        }
      }
    }
    return problems;
  }

  /** A variable that several contracts list has one default. */
  static List<String> contractDefaultProblems(Map<String, List<Variable>> contracts) {
    List<String> problems = new ArrayList<>();
    Map<String, Variable> seen = new HashMap<>();
    contracts.values().stream().flatMap(List::stream).forEach(variable -> {
      Variable earlier = seen.putIfAbsent(variable.name(), variable);
      if (earlier != null && !earlier.defaultValue().equals(variable.defaultValue())) {
        problems.add(variable.name() + ": default '" + variable.defaultValue() + "' in "
            + variable.getClass().getSimpleName() + " but '" + earlier.defaultValue() + "' in " + earlier.getClass().getSimpleName());
      }
    });
    return problems;
  }

  /** Every samples/... path named in the given texts exists under the repository. */
  static List<String> missingSamples(Path repo, Map<String, String> textsByName) {
    List<String> problems = new ArrayList<>();
    textsByName.forEach((name, text) -> {
      Matcher m = SAMPLE_PATH.matcher(text);
      while (m.find()) {
        if (!Files.exists(repo.resolve(m.group()))) {
          problems.add(name + " names " + m.group() + ", which does not exist");
        }
      }
    });
    return problems;
  }

  /**
   * The {@code sam local invoke --env-vars} file sets, for each function, exactly the variables the
   * template declares (SAM ignores any other), with values the template's parameters allow.
   */
  static List<String> envFileProblems(PipelineTemplate template, Map<String, Object> envFile) {
    List<String> problems = new ArrayList<>();
    Map<String, PipelineTemplate.Function> functions = new java.util.LinkedHashMap<>();
    template.functions().forEach(f -> functions.put(f.logicalId(), f));
    envFile.forEach((id, value) -> {
      PipelineTemplate.Function function = functions.get(id);
      if (function == null) {
        problems.add("env file: " + id + " is not a function of the template");
        return;
      }
      Map<String, Object> variables = asMap(value);
      for (String name : function.environmentNames()) {
        if (!variables.containsKey(name)) {
          problems.add("env file: " + id + " lacks " + name + ", so a local run would see the template's deployed value");
        }
      }
      Map<String, Object> declared = asMap(template.resource(id).property("Environment", "Variables").orElse(Map.of()));
      variables.forEach((name, v) -> {
        if (!declared.containsKey(name)) {
          problems.add("env file: " + id + " sets " + name + ", which the template does not declare (SAM ignores it)");
          return;
        }
        parameterOf(template, declared.get(name)).filter(p -> !p.allowedValues().isEmpty() && !p.allowedValues().contains(String.valueOf(v)))
            .ifPresent(p -> problems.add("env file: " + id + " " + name + "=" + v + " is not one of " + p.allowedValues()));
      });
    });
    functions.keySet().stream().filter(id -> !envFile.containsKey(id))
        .forEach(id -> problems.add("env file: no section for " + id));
    return problems;
  }

  private static void atMost(PipelineTemplate template, PipelineTemplate.Resource resource, int limit, List<String> problems, String... path) {
    String where = resource.logicalId() + " " + String.join(".", path);
    Optional<Object> value = resource.property(path);
    if (value.isEmpty()) {
      problems.add(where + " is not set (its default may exceed " + limit + ")");
      return;
    }
    Optional<PipelineTemplate.Parameter> parameter = parameterOf(template, value.get());
    if (parameter.isPresent()) {
      PipelineTemplate.Parameter p = parameter.get();
      if (p.maxValue().filter(max -> max.compareTo(BigDecimal.valueOf(limit)) <= 0).isEmpty()) {
        problems.add(where + ": parameter " + p.name() + " needs MaxValue " + limit + " or less");
      }
    }
    template.resolve(value.get()).map(BigDecimal::new).filter(v -> v.compareTo(BigDecimal.valueOf(limit)) > 0)
        .ifPresent(v -> problems.add(where + " is " + v + ", above " + limit));
  }

  private static Optional<PipelineTemplate.Parameter> parameterOf(PipelineTemplate template, Object value) {
    if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String name) {
      return Optional.ofNullable(template.parameters().get(name));
    }
    return Optional.empty();
  }

  private static String eventName(PipelineTemplate.Resource function) {
    return asMap(function.property("Events").orElse(Map.of())).entrySet().stream()
        .filter(e -> "SQS".equals(asMap(e.getValue()).get("Type"))).map(Map.Entry::getKey).findFirst().orElseThrow();
  }

  private static Path sourceRoot(PipelineTemplate.Function function, Path repo) {
    String module = function.codeUri().split("/", 2)[0];
    return repo.resolve(module).resolve("src/main/java");
  }

  /** A value that may be a list, a single item, {@code !If} (both branches) or AWS::NoValue, as a flat list. */
  private static List<Object> branches(Object value) {
    List<Object> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> out.addAll(branches(item)));
    } else if (value instanceof Map<?, ?> map && map.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
      out.addAll(branches(branches.get(1)));
      out.addAll(branches(branches.get(2)));
    } else if (value instanceof Map<?, ?> map && "AWS::NoValue".equals(map.get("Ref"))) {
      return out;
    } else if (value != null) {
      out.add(value);
    }
    return out;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
