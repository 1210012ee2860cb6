package io.ddbsync.cli.command.redrive;

import io.ddbsync.cli.shared.aws.AwsOptions;
import io.ddbsync.cli.shared.deadletter.DeadLetterReceive;
import io.ddbsync.cli.shared.deadletter.DeadLetterRedrive;
import io.ddbsync.cli.shared.deadletter.RedriveFilter;
import io.ddbsync.cli.shared.deadletter.Tally;
import io.ddbsync.cli.shared.error.UserError;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

/** {@code ddbsync redrive}: lists the indexer's dead letters by reason and group, and moves them back. */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the dead-letter queue by failure reason and message group, then moves the messages back to"
          + " the source queue, keeping each group's order (unless --dry-run).",
      "Redriven messages are safe: one older than what the index holds is refused by its version (409)."
    })
public final class RedriveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Option(names = "--dlq", required = true, paramLabel = "URL", description = "The dead-letter queue's URL.")
  URI dlq;

  @Option(names = "--to", required = true, paramLabel = "URL", description = "The source queue to move the messages to.")
  URI to;

  @Option(names = "--dry-run", description = "List only; move nothing.")
  boolean dryRun;

  @Option(names = "--max", paramLabel = "N", description = "Move at most N messages.")
  Optional<Long> max = Optional.empty();

  @Option(names = "--group", paramLabel = "G", description = "Move only messages of this MessageGroupId.")
  Optional<String> group = Optional.empty();

  @Option(names = "--reason", paramLabel = "R",
      description = "Move only messages of this failure kind (mapping, invalid, …) or whose reason contains R.")
  Optional<String> reason = Optional.empty();

  @Option(names = "--move-task",
      description = "Start an SQS message move task instead (server-side, up to 500 messages/s, no filters, AWS only).")
  boolean moveTask;

  @Mixin DeadLetterReceive receive;

  @Override
  public Integer call() {
    if (max.isPresent() && max.get() < 1) {
      throw new UserError("--max must be at least 1, was " + max.get());
    }
    RedriveFilter filter = new RedriveFilter(group, reason, max.orElse(Long.MAX_VALUE));
    if (moveTask && filter.any()) {
      throw new UserError("--move-task moves every message: it cannot be combined with --group, --reason or --max");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SqsClient sqs = aws.sqs()) {
      DeadLetterRedrive redrive = new DeadLetterRedrive(sqs, Duration.ofSeconds(receive.visibilitySeconds), receive.waitSeconds);
      DeadLetterRedrive.QueueInfo deadLetters = redrive.describe(dlq, "dead-letter queue");
      DeadLetterRedrive.QueueInfo target = redrive.describe(to, "target queue");
      DeadLetterRedrive.checkCompatible(deadLetters, target);

      Tally listed = redrive.list(deadLetters);
      listed.print(out, "dead-letter queue " + dlq + (deadLetters.fifo() ? " (FIFO)" : ""));
      if (deadLetters.fifo() && listed.total() < deadLetters.approximateMessages()) {
        out.println("  (about " + deadLetters.approximateMessages() + " in the queue: a FIFO queue shows a group's"
            + " later messages only once its earlier ones have left, so large groups are counted in part)");
      }
      if (dryRun) {
        out.println("dry run: nothing moved");
        out.flush();
        return 0;
      }
      if (moveTask) {
        return startMoveTask(sqs, deadLetters, target, out);
      }
      DeadLetterRedrive.Outcome outcome = redrive.move(deadLetters, target, filter);
      outcome.moved().print(out, "moved to " + to);
      if (outcome.left().total() > 0) {
        outcome.left().print(out, "left in the dead-letter queue (filters, --max, or behind such a message in its group)");
      }
      if (outcome.failed() > 0) {
        out.flush();
        throw new UserError(outcome.failed() + " messages could not be sent to " + to + " and stay in the dead-letter queue: "
            + outcome.firstError());
      }
      out.flush();
      return 0;
    }
  }

  private static int startMoveTask(SqsClient sqs, DeadLetterRedrive.QueueInfo deadLetters,
      DeadLetterRedrive.QueueInfo target, PrintWriter out) {
    StartMessageMoveTaskResponse started = sqs.startMessageMoveTask(b -> b
        .sourceArn(deadLetters.arn())
        .destinationArn(target.arn()));
    out.println("message move task started: " + started.taskHandle());
    sqs.listMessageMoveTasks(b -> b.sourceArn(deadLetters.arn()).maxResults(1)).results().stream()
        .findFirst()
        .ifPresent(task -> out.println("status: " + status(task)));
    out.println("follow it with: aws sqs list-message-move-tasks --source-arn " + deadLetters.arn());
    out.flush();
    return 0;
  }

  private static String status(ListMessageMoveTasksResultEntry task) {
    return task.status()
        + ", moved " + (task.approximateNumberOfMessagesMoved() == null ? 0 : task.approximateNumberOfMessagesMoved())
        + (task.approximateNumberOfMessagesToMove() == null ? "" : " of " + task.approximateNumberOfMessagesToMove())
        + (task.failureReason() == null ? "" : ", failure: " + task.failureReason());
  }
}
