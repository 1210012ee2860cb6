package io.ddbsync.cli.command.backfill;

import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.item.version.ExternalVersion;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;


class QueueBackfillTest {

  @TempDir Path dir;

  @Test
  void queueBackfillSendsOneUpsertPerItemInTheItemsGroup() throws Exception {
    TestTables tables = new TestTables(5);
    tables.load(45);
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
      try (SqsClient sqs = AwsClients.sqs(endpoint, Optional.of("us-east-1"))) {
        String queueUrl = sqs.createQueue(b -> b.queueName("changes.fifo")
            .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        Commands.Run run = Commands.run(new BackfillCommand(), List.of("--table", tables.table, "--endpoint",
            tables.endpoint(), "--queue-url", queueUrl, "--checkpoint", dir.resolve("cp.json").toString(),
            "--no-progress", "--json"), tables.configOptions());
        assertThat(run.exitCode()).as(run.err()).isZero();

        List<Upsert> upserts = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (upserts.size() < 45 && Instant.now().isBefore(deadline)) {
          for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
              .messageSystemAttributeNamesWithStrings("MessageGroupId")).messages()) {
            ChangeMessage change = ChangeMessages.read(message.body());
            upserts.add((Upsert) change);
            assertThat(message.attributesAsStrings().get("MessageGroupId")).isEqualTo(change.groupId());
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
          }
        }

        assertThat(upserts).hasSize(45);
        long version = run.json().path("version").asLong();
        assertThat(upserts).allSatisfy(upsert -> {
          assertThat(upsert.version()).isEqualTo(version);
          assertThat(upsert.groupId()).isEqualTo(upsert.id());
          assertThat(upsert.dedupId()).startsWith("backfill-").hasSizeLessThanOrEqualTo(100);
          assertThat(upsert.document().has("updatedAt")).as("IGNORED_ATTRIBUTES applies").isFalse();
        });
        assertThat(upserts).extracting(Upsert::index).containsOnly(tables.orders, tables.others);
        assertThat(version).isLessThan(ExternalVersion.ofStreamChange(Instant.now().getEpochSecond(), "0"));
      }
    } finally {
      server.stopAndWait();
    }
  }
}
