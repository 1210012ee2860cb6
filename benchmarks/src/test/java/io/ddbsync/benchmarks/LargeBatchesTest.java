package io.ddbsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.enrichment.Enrichment;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.enrichment.EnrichmentHandler;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LargeBatchesTest {

  @Test
  void enrichmentBatchFillsSixMibWithTenModifiesWhoseMessagesFitOneSendMessageBatch() throws Exception {
    byte[] batch = LargeBatches.enrichmentBatch(LargeBatches.SIX_MIB);
    assertThat(batch.length).isBetween(LargeBatches.SIX_MIB - 100_000, LargeBatches.SIX_MIB);

    ByteArrayOutputStream response = new ByteArrayOutputStream();
    new EnrichmentHandler(
            EnrichmentConfig.fromEnv(LambdaJars.enrichmentEnv()),
            new JsonLog("test", JsonLog.Level.ERROR, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()))
        .handleRequest(new ByteArrayInputStream(batch), response, null);

    JsonNode messages = ChangeMessages.MAPPER.readTree(response.toByteArray());
    assertThat(messages).hasSize(10);
    // The upserts add up to about 3 MB: the largest become fetches until the sum fits one SendMessageBatch.
    long total = 0;
    for (JsonNode message : messages) {
      total += ChangeMessages.MAPPER.writeValueAsBytes(message).length;
      assertThat(message.get("type").asText()).isIn("upsert", "fetch");
    }
    assertThat(total).isLessThanOrEqualTo(Enrichment.BATCH_BUDGET_BYTES);
    assertThat(messages).anySatisfy(message -> assertThat(message.get("type").asText()).isEqualTo("upsert"));
    assertThat(messages).anySatisfy(message -> assertThat(message.path("reason").asText()).isEqualTo("TOO_LARGE"));
  }

  @Test
  void indexerEventHoldsUpsertsOfAtMostOneMib() throws Exception {
    JsonNode records = ChangeMessages.MAPPER.readTree(LargeBatches.indexerEvent(3, LargeBatches.ONE_MIB)).get("Records");

    assertThat(records).hasSize(3);
    for (JsonNode record : records) {
      String body = record.get("body").asText();
      assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(LargeBatches.ONE_MIB - 1024, LargeBatches.ONE_MIB);
      assertThat(ChangeMessages.read(body)).isInstanceOf(Upsert.class);
    }
  }
}
