package io.ddbsync.cli.local.queue;

import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.PipelineSettings.QueueSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The change queue and its dead-letter queue, created with the template's attributes. Only the
 * visibility timeout differs: the template's (6 × the indexer timeout, minutes) would make every
 * local redelivery wait that long, so the run uses a short one and says so.
 */
public record LocalQueues(URI changes, URI deadLetters, String changesArn, String deadLettersArn) {

  public static LocalQueues create(SqsClient sqs, QueueSettings queue, int visibilityTimeoutSeconds, String region) {
    try {
      Map<String, String> dlqAttributes = new LinkedHashMap<>(queue.otherAttributes());
      if (queue.fifo()) {
        dlqAttributes.put(QueueAttributeName.FIFO_QUEUE.toString(), "true");
      }
      URI deadLetters = URI.create(sqs.createQueue(b -> b.queueName(queue.deadLetterName())
          .attributesWithStrings(dlqAttributes)).queueUrl());
      String deadLettersArn = Arns.queue(region, deadLetters);

      Map<String, String> attributes = new LinkedHashMap<>(queue.otherAttributes());
      if (queue.fifo()) {
        attributes.put(QueueAttributeName.FIFO_QUEUE.toString(), "true");
        attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION.toString(),
            Boolean.toString(queue.contentBasedDeduplication()));
      }
      attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), Integer.toString(visibilityTimeoutSeconds));
      attributes.put(QueueAttributeName.REDRIVE_POLICY.toString(),
          "{\"deadLetterTargetArn\":\"" + deadLettersArn + "\",\"maxReceiveCount\":" + queue.maxReceiveCount() + "}");
      URI changes = URI.create(sqs.createQueue(b -> b.queueName(queue.name()).attributesWithStrings(attributes)).queueUrl());
      return new LocalQueues(changes, deadLetters, Arns.queue(region, changes), deadLettersArn);
    } catch (SqsException e) {
      throw new UserError("cannot create the local queues " + queue.name() + " and " + queue.deadLetterName()
          + ": " + e.awsErrorDetails().errorMessage(), e);
    }
  }

  /**
   * The pipe's dead-letter queue ({@code DeadLetterConfig}): a standard queue, as in the template,
   * where the local pipe writes the batches it gives up on.
   */
  public static URI createPipeDeadLetters(SqsClient sqs, String name) {
    try {
      return URI.create(sqs.createQueue(b -> b.queueName(name)).queueUrl());
    } catch (SqsException e) {
      throw new UserError("cannot create the local pipe dead-letter queue " + name + ": " + e.awsErrorDetails().errorMessage(), e);
    }
  }

  /** Visible, in-flight and delayed message counts of a queue. */
  public static Depth depth(SqsClient sqs, URI queue) {
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queue.toString())
        .attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return new Depth(
        Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
        Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
        Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")));
  }

  public record Depth(long visible, long inFlight, long delayed) {
    public boolean empty() {
      return visible == 0 && inFlight == 0 && delayed == 0;
    }
  }
}
