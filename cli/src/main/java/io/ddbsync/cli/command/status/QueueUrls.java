package io.ddbsync.cli.command.status;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.PipelineSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The pipeline's three queues: from the stack's outputs on AWS, by name on the local engines. */
record QueueUrls(URI changes, URI deadLetters, Optional<URI> pipeDeadLetters) {

  /** The queue's name, the URL's last segment: the {@code QueueName} dimension of its SQS metrics. */
  static String name(URI queue) {
    String path = queue.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static QueueUrls fromOutputs(String stack, Map<String, String> outputs) {
    return new QueueUrls(
        URI.create(output(stack, outputs, "ChangeQueueUrl")),
        URI.create(output(stack, outputs, "ChangeDeadLetterQueueUrl")),
        Optional.of(URI.create(output(stack, outputs, "PipeDeadLetterQueueUrl"))));
  }

  static String output(String stack, Map<String, String> outputs, String key) {
    String value = outputs.get(key);
    if (value == null || value.isBlank()) {
      throw new UserError("stack " + stack + " has no output " + key
          + ": is it a ddbsync stack, deployed from this version's pipeline.yaml?");
    }
    return value;
  }

  /** The queues {@code ddbsync run --keep --stack <stack>} created, named as in {@code settings}. */
  static QueueUrls local(SqsClient sqs, URI endpoint, String stack, PipelineSettings settings) {
    return new QueueUrls(
        lookUp(sqs, endpoint, stack, settings.queue().name()),
        lookUp(sqs, endpoint, stack, settings.queue().deadLetterName()),
        settings.pipeFailures().deadLetterQueueName().map(name -> lookUp(sqs, endpoint, stack, name)));
  }

  private static URI lookUp(SqsClient sqs, URI endpoint, String stack, String name) {
    try {
      return URI.create(sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
    } catch (QueueDoesNotExistException e) {
      throw new UserError("no queue " + name + " at " + endpoint + ": start the local engines with"
          + " `ddbsync run --keep --stack " + stack + "` (the same --stack and --template)");
    }
  }
}
