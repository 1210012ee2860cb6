package io.ddbsync.cli.command.status;

import io.ddbsync.cli.command.status.PipelineStatus.FiringAlarm;
import io.ddbsync.cli.command.status.PipelineStatus.LastHour;
import io.ddbsync.cli.command.status.PipelineStatus.PipeState;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.aws.PipesClient;
import io.ddbsync.cli.shared.error.UserError;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** {@link StackReads} on the SDK's CloudFormation and CloudWatch clients and {@link PipesClient}. */
final class AwsStackReads implements StackReads {

  /** The EMF metrics summed for "the last hour" (names as the indexer's BatchMetrics writes them). */
  static final Map<String, String> COUNTS = Map.of(
      "indexed", "indexed", "deleted", "deleted", "conflicts", "conflicts", "unindexed", "UnindexedFields");

  /** DescribeAlarms takes at most 100 names. */
  private static final int ALARM_NAMES = 100;

  private final CloudFormationClient cloudFormation;
  private final CloudWatchClient cloudWatch;
  private final PipesClient pipes;

  AwsStackReads(CloudFormationClient cloudFormation, CloudWatchClient cloudWatch, PipesClient pipes) {
    this.cloudFormation = cloudFormation;
    this.cloudWatch = cloudWatch;
    this.pipes = pipes;
  }

  static AwsStackReads connect(Optional<String> region) {
    return new AwsStackReads(AwsClients.cloudFormation(region), AwsClients.cloudWatch(region), AwsClients.pipes(region));
  }

  @Override
  public Map<String, String> outputs(String stack) {
    Stack described;
    try {
      described = cloudFormation.describeStacks(b -> b.stackName(stack)).stacks().get(0);
    } catch (CloudFormationException e) {
      throw new UserError("cannot describe stack " + stack + ": " + e.awsErrorDetails().errorMessage(), e);
    }
    Map<String, String> outputs = new HashMap<>();
    for (Output output : described.outputs()) {
      outputs.put(output.outputKey(), output.outputValue());
    }
    return outputs;
  }

  @Override
  public List<String> alarmNames(String stack) {
    return cloudFormation.listStackResourcesPaginator(b -> b.stackName(stack)).stackResourceSummaries().stream()
        .filter(r -> "AWS::CloudWatch::Alarm".equals(r.resourceType()) && r.physicalResourceId() != null)
        .map(r -> r.physicalResourceId())
        .toList();
  }

  @Override
  public PipeState pipe(String name) {
    JsonNode pipe = pipes.describePipe(name);
    return new PipeState(pipe.path("CurrentState").asText("UNKNOWN"), pipe.path("DesiredState").asText("UNKNOWN"),
        pipe.path("StateReason").asText(""));
  }

  @Override
  public List<FiringAlarm> inAlarm(List<String> names) {
    List<FiringAlarm> firing = new ArrayList<>();
    for (int from = 0; from < names.size(); from += ALARM_NAMES) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + ALARM_NAMES));
      cloudWatch.describeAlarmsPaginator(b -> b.alarmNames(chunk).stateValue(StateValue.ALARM)).metricAlarms()
          .forEach(a -> firing.add(new FiringAlarm(a.alarmName(), a.stateReason(), a.stateUpdatedTimestamp())));
    }
    return firing;
  }

  @Override
  public Metrics metrics(String namespace, String service, String changeQueueName, Instant now) {
    List<MetricDataQuery> queries = new ArrayList<>();
    COUNTS.forEach((id, metric) -> queries.add(query(id, namespace, metric, "service", service, 300, "Sum")));
    queries.add(query("oldest", "AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", changeQueueName, 60, "Maximum"));
    Map<String, List<Double>> values = new HashMap<>();
    cloudWatch.getMetricDataPaginator(b -> b.metricDataQueries(queries)
            .startTime(now.minus(Duration.ofHours(1)))
            .endTime(now)
            .scanBy(ScanBy.TIMESTAMP_DESCENDING))
        .metricDataResults()
        .forEach((MetricDataResult r) -> values.computeIfAbsent(r.id(), k -> new ArrayList<>()).addAll(r.values()));
    LastHour lastHour = new LastHour(sum(values, "indexed"), sum(values, "deleted"), sum(values, "conflicts"),
        sum(values, "unindexed"));
    Optional<Duration> oldest = values.getOrDefault("oldest", List.of()).stream().findFirst()
        .map(seconds -> Duration.ofSeconds(Math.round(seconds)));
    return new Metrics(lastHour, oldest);
  }

  private static MetricDataQuery query(String id, String namespace, String metric, String dimension, String value,
      int period, String stat) {
    return MetricDataQuery.builder()
        .id(id)
        .metricStat(s -> s.metric(m -> m.namespace(namespace).metricName(metric)
                .dimensions(Dimension.builder().name(dimension).value(value).build()))
            .period(period)
            .stat(stat))
        .build();
  }

  private static long sum(Map<String, List<Double>> values, String id) {
    return Math.round(values.getOrDefault(id, List.of()).stream().mapToDouble(Double::doubleValue).sum());
  }

  @Override
  public void close() {
    cloudFormation.close();
    cloudWatch.close();
    pipes.close();
  }
}
