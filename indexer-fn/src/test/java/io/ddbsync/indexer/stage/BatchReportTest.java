package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.stage.BatchReport;
import static io.ddbsync.indexer.TestMessages.queued;
import static io.ddbsync.indexer.TestMessages.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.function.log.ItemKeyHash;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexer.TestMessages;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import io.ddbsync.testsupport.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReportTest {

  private static final Instant NOW = Instant.ofEpochSecond(TestMessages.STREAM_TIME + 4);

  private final FakeClock clock = new FakeClock(NOW);
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  private BatchReport report() {
    return new BatchReport(
        clock,
        new MessageLog(new JsonLog("test", JsonLog.Level.DEBUG, new PrintStream(logs, true, StandardCharsets.UTF_8), clock), ItemKeyHash.hashed("test")));
  }

  @Test
  void failedMessagesAndTheLaterMessagesOfTheirGroupAreReportedAndEveryOutcomeIsCounted() {
    Batch batch =
        Parse.batch(
            List.of(
                queued("m1", upsert("orders", "a", 1, "e1", "{}")),
                queued("m2", upsert("orders", "a", 2, "e2", "{}")),
                queued("m3", upsert("orders", "b", 1, "e3", "{}")),
                queued("m4", upsert("orders", "c", 1, "e4", "{}")),
                queued("m5", upsert("orders", "d", 1, "e5", "{}")),
                queued("m6", upsert("orders", "e", 1, "e6", "{}")),
                queued("m7", upsert("orders", "f", 1, "e7", "{}"))));
    batch.set(0, new Outcome.Retry("503"));
    batch.set(1, new Outcome.Applied(false, false)); // written in the same _bulk, after m1 failed there
    batch.set(2, new Outcome.Applied(true, false));
    batch.set(3, new Outcome.Applied(false, true));
    batch.set(4, new Outcome.Duplicate());
    batch.set(5, new Outcome.DeadLettered(DeadLetterKind.MAPPING, "400 mapper_parsing_exception"));
    batch.set(6, new Outcome.Gone());

    BatchReport.Result result = report().run(batch, 3);

    assertThat(result.failedMessageIds()).containsExactly("m1", "m2");
    assertThat(result.metrics())
        .extracting("messages", "indexed", "deleted", "conflicts", "duplicates", "gone", "retried", "deadLettered", "failed", "lagMaxSeconds")
        .containsExactly(7, 1, 1, 1, 1, 1, 3, 1, 2, 4.0);
    String written = logs.toString(StandardCharsets.UTF_8);
    assertThat(written).contains("\"outcome\":\"failed\"", "\"outcome\":\"gone\"", "\"kind\":\"mapping\"");
  }
}
