package io.ddbsync.cli.command.status;

import io.ddbsync.cli.command.status.PipelineStatus.AwsParts;
import io.ddbsync.cli.command.status.PipelineStatus.KindCount;
import io.ddbsync.cli.command.status.PipelineStatus.QueueStatus;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.deadletter.Tally;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Reads the queues, and with {@link StackReads} what AWS alone can tell, into one {@link PipelineStatus}. */
final class StatusProbe {

  /**
   * How long the dead letters received for counting stay hidden if this process dies before it
   * releases them; normally they are visible again within the second.
   */
  static final Duration PEEK_VISIBILITY = Duration.ofSeconds(30);

  /** Long-poll wait of each receive while counting: a 0 s (short) poll samples only some SQS servers. */
  private static final int PEEK_WAIT_SECONDS = 1;

  private final SqsClient sqs;
  private final boolean countKinds;

  StatusProbe(SqsClient sqs, boolean countKinds) {
    this.sqs = sqs;
    this.countKinds = countKinds;
  }

  /** What only AWS can tell: the pipe's state, the stack's alarms in ALARM and the last hour's metrics. */
  static AwsParts awsParts(StackReads reads, String stack, Map<String, String> outputs, URI changeQueue, Instant now) {
    StackReads.Metrics metrics = reads.metrics(
        QueueUrls.output(stack, outputs, "MetricsNamespace"),
        QueueUrls.output(stack, outputs, "MetricsService"),
        QueueUrls.name(changeQueue), now);
    return new AwsParts(reads.pipe(QueueUrls.output(stack, outputs, "PipeName")), metrics.oldestMessage(),
        reads.inAlarm(reads.alarmNames(stack)), metrics.lastHour());
  }

  PipelineStatus read(String stack, String source, QueueUrls queues, Optional<AwsParts> aws) {
    QueueStatus changes = queue(queues.changes());
    QueueStatus deadLetters = queue(queues.deadLetters());
    Optional<KindCount> kinds = countKinds ? Optional.of(kinds(deadLetters)) : Optional.empty();
    return new PipelineStatus(stack, source, changes, deadLetters, kinds, queues.pipeDeadLetters().map(this::queue), aws);
  }

  private QueueStatus queue(URI url) {
    return new QueueStatus(url, LocalQueues.depth(sqs, url));
  }

  /**
   * Receives every receivable dead letter and makes each visible again at once, deleting nothing
   * (SQS has no peek). Each receive adds one to the messages' receive count; while counted they are
   * invisible to others (a redrive running at the same time can miss them). A FIFO queue returns
   * none of a group's later messages while its earlier ones are in flight, so a large group is
   * counted in part: {@link KindCount#counted()} says how many were seen.
   */
  private KindCount kinds(QueueStatus deadLetters) {
    if (deadLetters.depth().visible() == 0) {
      return new KindCount(Map.of(), 0);
    }
    DeadLetterRedrive peek = new DeadLetterRedrive(sqs, PEEK_VISIBILITY, PEEK_WAIT_SECONDS);
    Tally tally = peek.list(peek.describe(deadLetters.url(), "indexer dead-letter queue"));
    return new KindCount(tally.kinds(), tally.total());
  }
}
