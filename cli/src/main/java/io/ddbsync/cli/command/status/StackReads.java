package io.ddbsync.cli.command.status;

import io.ddbsync.cli.command.status.PipelineStatus.FiringAlarm;
import io.ddbsync.cli.command.status.PipelineStatus.LastHour;
import io.ddbsync.cli.command.status.PipelineStatus.PipeState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reads {@code status} makes of CloudFormation, EventBridge Pipes and CloudWatch. */
interface StackReads extends AutoCloseable {

  /** DescribeStacks: the stack's outputs by key. */
  Map<String, String> outputs(String stack);

  /** ListStackResources: the names of the stack's CloudWatch alarms. */
  List<String> alarmNames(String stack);

  /** DescribePipe. */
  PipeState pipe(String name);

  /** DescribeAlarms: those of {@code names} in state ALARM. */
  List<FiringAlarm> inAlarm(List<String> names);

  /** GetMetricData: the indexer's counts over the hour before {@code now}, and the queue's oldest message. */
  Metrics metrics(String namespace, String service, String changeQueueName, Instant now);

  record Metrics(LastHour lastHour, Optional<Duration> oldestMessage) {}

  @Override
  void close();
}
