package io.ddbsync.cli.command.status;

import io.ddbsync.cli.command.status.PipelineStatus.AwsParts;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ddbsync status}: the pipeline's state on one screen. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The pipeline on one screen, from the stack's outputs: the pipe's state, the change queue's depth and oldest"
          + " message, both dead-letter queues' depths with the indexer's dead letters counted by kind, the stack's"
          + " alarms in ALARM, and the last hour's indexed, deleted, conflicts and unindexed fields.",
      "Counting by kind receives the dead letters and releases them at once, deleting nothing (SQS has no peek):"
          + " each counted message's receive count rises by one and it is invisible for that moment (up to 30 s if"
          + " status is killed), so a redrive running at the same time can miss it. --depths-only skips the count.",
      "With --sqs-endpoint it reads the local queues of `ddbsync run --keep --stack NAME` instead; the pipe's state,"
          + " the alarms and the metrics are then reported as unavailable.",
      "Exit code: 0 healthy, 1 needs attention (the problems are listed), 2 a usage or access error."
    })
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The stack's name.")
  String stack;

  @Option(names = "--region", paramLabel = "R", description = "AWS region; default: the SDK's region chain (AWS_REGION, profile).")
  Optional<String> region = Optional.empty();

  @Option(names = "--json", description = "Print one JSON object instead of the screen.")
  boolean json;

  @Option(names = "--depths-only", description = "Do not receive the indexer's dead letters to count them by kind.")
  boolean depthsOnly;

  @Option(names = "--sqs-endpoint", paramLabel = "URL",
      description = "Read the local engines' queues at this SQS endpoint (e.g. the one `ddbsync run --keep` prints).")
  Optional<URI> sqsEndpoint = Optional.empty();

  @Option(names = "--template", paramLabel = "FILE", defaultValue = "pipeline.yaml",
      description = "With --sqs-endpoint: the template the local queue names come from (default: ${DEFAULT-VALUE}).")
  Path template;

  /** The AWS reads; tests replace it with one answering recorded responses. */
  Function<Optional<String>, StackReads> reads = AwsStackReads::connect;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PipelineStatus status;
    try {
      status = sqsEndpoint.isPresent() ? local(sqsEndpoint.get()) : aws();
    } catch (SdkException e) {
      // No credentials, access denied, an endpoint that does not answer: exit 2, not "needs attention" (1).
      throw new UserError("cannot read the status of stack " + stack + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? StatusRenderer.json(status) + System.lineSeparator() : StatusRenderer.text(status));
    out.flush();
    return status.problems().isEmpty() ? 0 : 1;
  }

  private PipelineStatus local(URI endpoint) {
    PipelineSettings settings = TemplateSettings.load(template, stack);
    try (SqsClient sqs = AwsClients.sqs(Optional.of(endpoint), region)) {
      QueueUrls queues = QueueUrls.local(sqs, endpoint, stack, settings);
      return new StatusProbe(sqs, !depthsOnly).read(stack, "local engines at " + endpoint, queues, Optional.empty());
    }
  }

  private PipelineStatus aws() {
    try (StackReads aws = reads.apply(region)) {
      Map<String, String> outputs = aws.outputs(stack);
      QueueUrls queues = QueueUrls.fromOutputs(stack, outputs);
      AwsParts parts = StatusProbe.awsParts(aws, stack, outputs, queues.changes(), clock.instant());
      try (SqsClient sqs = AwsClients.sqs(queues.changes(), region)) {
        return new StatusProbe(sqs, !depthsOnly).read(stack, "AWS " + AwsClients.region(Optional.empty(), region).id(),
            queues, Optional.of(parts));
      }
    }
  }
}
