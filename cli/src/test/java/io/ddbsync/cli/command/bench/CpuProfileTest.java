package io.ddbsync.cli.command.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.command.bench.CpuProfile.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sample of one of our threads counts for the innermost thing of ours it is doing. */
class CpuProfileTest {

  @Test
  void theIndexersOwnCallsToOpenSearchAndSqsCountForTheIndexer() {
    assertThat(CpuProfile.part(List.of("org.apache.hc.core5.http.Foo", "org.opensearch.client.opensearch.OpenSearchClient",
        "io.ddbsync.opensearch.bulk.OpenSearchBulkSender", "io.ddbsync.opensearch.retry.RetryingBulkWriter",
        "io.ddbsync.indexer.Indexer", "io.ddbsync.cli.local.esm.SqsEventSourceMapping"))).isEqualTo(Part.INDEXER);
  }

  @Test
  void theEmulationsQueueCallsCountForTheSqsClient() {
    assertThat(CpuProfile.part(List.of("software.amazon.awssdk.services.sqs.DefaultSqsClient",
        "io.ddbsync.cli.local.pipe.PipeEmulator"))).isEqualTo(Part.SQS_CLIENT);
    assertThat(CpuProfile.part(List.of("com.fasterxml.jackson.core.JsonParser", "io.ddbsync.enrichment.EnrichmentHandler",
        "io.ddbsync.cli.local.pipe.PipeEmulator"))).isEqualTo(Part.ENRICHMENT);
  }

  @Test
  void aPlainBulkCallCountsForTheRawBulkClientAndTheRestIsOther() {
    assertThat(CpuProfile.part(List.of("org.opensearch.client.opensearch.OpenSearchClient",
        "io.ddbsync.cli.command.bench.BulkPathBench"))).isEqualTo(Part.BULK_CLIENT);
    assertThat(CpuProfile.part(List.of("java.util.HashMap", "io.ddbsync.cli.command.bench.EndToEndBench"))).isEqualTo(Part.OTHER);
  }
}
