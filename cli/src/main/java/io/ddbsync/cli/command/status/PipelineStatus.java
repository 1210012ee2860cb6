package io.ddbsync.cli.command.status;

import io.ddbsync.cli.local.queue.LocalQueues.Depth;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One look at a deployed (or locally running) pipeline.
 *
 * @param source where it was read: {@code AWS <region>} or the local SQS endpoint
 * @param kinds the indexer dead letters counted by {@code ddbsync-kind}; empty with {@code --depths-only}
 * @param pipeDeadLetters empty when the template gives the pipe no dead-letter queue
 * @param aws what only AWS can tell (pipe state, CloudWatch); empty against the local engines
 */
public record PipelineStatus(
    String stack,
    String source,
    QueueStatus changes,
    QueueStatus indexerDeadLetters,
    Optional<KindCount> kinds,
    Optional<QueueStatus> pipeDeadLetters,
    Optional<AwsParts> aws) {

  public record QueueStatus(URI url, Depth depth) {
    long total() {
      return depth.visible() + depth.inFlight() + depth.delayed();
    }
  }

  /** Dead letters by kind, as many as one pass of receives could see ({@code counted}). */
  public record KindCount(Map<String, Long> byKind, long counted) {
    public KindCount {
      byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
    }

    String summary() {
      return byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
  }

  /** DescribePipe's states and reason (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_DescribePipe.html). */
  public record PipeState(String current, String desired, String reason) {
    boolean running() {
      return "RUNNING".equals(current);
    }
  }

  public record FiringAlarm(String name, String reason, Instant since) {}

  /** The indexer's EMF counts summed over the last hour. */
  public record LastHour(long indexed, long deleted, long conflicts, long unindexedFields) {}

  /** @param oldestMessage the change queue's ApproximateAgeOfOldestMessage, latest minute; empty without data */
  public record AwsParts(PipeState pipe, Optional<Duration> oldestMessage, List<FiringAlarm> alarms, LastHour lastHour) {}

  /** What needs an operator, each with the command that handles it; empty when healthy. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    aws.ifPresent(a -> {
      if (!a.pipe().running()) {
        problems.add("the pipe is " + a.pipe().current() + (a.pipe().reason().isEmpty() ? "" : ": " + a.pipe().reason()));
      }
      a.alarms().forEach(alarm -> problems.add("alarm " + alarm.name() + " is in ALARM"));
    });
    if (indexerDeadLetters.total() > 0) {
      problems.add(indexerDeadLetters.total() + " changes in the indexer's dead-letter queue"
          + kinds.filter(k -> k.counted() > 0).map(k -> " (" + k.summary() + ")").orElse("")
          + ": fix the cause, then ddbsync redrive");
    }
    pipeDeadLetters.filter(q -> q.total() > 0).ifPresent(q -> problems.add(q.total()
        + " stream batches in the pipe's dead-letter queue: ddbsync replay within 24 hours, or backfill"));
    return problems;
  }
}
