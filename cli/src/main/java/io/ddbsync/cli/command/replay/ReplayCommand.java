package io.ddbsync.cli.command.replay;

import io.ddbsync.cli.local.pipe.RecordFilter;
import io.ddbsync.cli.shared.aws.AwsOptions;
import io.ddbsync.cli.shared.deadletter.DeadLetterReceive;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.replay.ShardRange;
import io.ddbsync.cli.shared.replay.StreamReplay;
import io.ddbsync.cli.shared.template.EnrichmentSettings;
import io.ddbsync.cli.shared.template.PipelineSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.enrichment.Enrichment;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code ddbsync replay}: re-reads the batches in the pipe's dead-letter queue from the stream and queues them. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays the batches a pipe dead-lettered: reads each batch's sequence-number range back from the"
          + " DynamoDB stream (within its 24 hours), filters and enriches the records as the pipe does, and"
          + " sends the change messages to the FIFO queue.",
      "A dead-letter message is deleted once its whole range was sent; exit code 3 when something could not be recovered."
    })
public final class ReplayCommand implements Callable<Integer> {

  /** Exit code when some batch could not be recovered (trimmed, missing records, refused sends). */
  static final int NOT_RECOVERED = 3;

  @Spec CommandSpec spec;

  @Mixin AwsOptions aws;

  @Option(names = "--pipe-dlq", required = true, paramLabel = "URL", description = "The pipe's dead-letter queue.")
  URI pipeDlq;

  @Option(names = "--queue-url", required = true, paramLabel = "URL", description = "The FIFO change queue to send to.")
  URI queueUrl;

  @Option(names = "--streams-endpoint", paramLabel = "URL", description = "DynamoDB Streams endpoint; default: AWS.")
  Optional<URI> streamsEndpoint = Optional.empty();

  @Option(names = "--template", paramLabel = "PATH", defaultValue = "pipeline.yaml",
      description = "The pipeline template: filter patterns, pipe batch size, enrichment variables (default: ${DEFAULT-VALUE}).")
  Path template;

  @Option(names = "--dry-run", description = "Read and enrich, send and delete nothing.")
  boolean dryRun;

  @Mixin DeadLetterReceive receive;

  @Override
  public Integer call() {
    PipelineSettings settings = TemplateSettings.load(template);
    Enrichment enrichment = new Enrichment(EnrichmentSettings.of(settings));
    RecordFilter filter = RecordFilter.of(settings.filterPatterns());
    PrintWriter out = spec.commandLine().getOut();
    try (SqsClient sqs = aws.sqs(); DynamoDbStreamsClient streams = aws.streams(streamsEndpoint)) {
      StreamReplay replay = new StreamReplay(sqs, new ShardRange(streams), filter, enrichment, settings.pipeBatchSize());
      return run(sqs, replay, out);
    }
  }

  private int run(SqsClient sqs, StreamReplay replay, PrintWriter out) {
    StreamReplay.Tally tally;
    try {
      tally = replay.drain(pipeDlq, queueUrl, dryRun, receive.visibilitySeconds, receive.waitSeconds, result -> out.println(result.describe()));
    } catch (QueueDoesNotExistException e) {
      throw new UserError("pipe dead-letter queue " + pipeDlq + " does not exist");
    }
    out.println((dryRun ? "dry run: " : "") + tally.recovered() + " batches recovered, " + tally.notRecovered()
        + " not recovered (left in " + pipeDlq + ")");
    out.flush();
    return tally.notRecovered() == 0 ? 0 : NOT_RECOVERED;
  }
}
