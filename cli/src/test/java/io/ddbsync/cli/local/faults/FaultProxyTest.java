package io.ddbsync.cli.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.NodeJson;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.bulk.BulkItem;
import io.ddbsync.opensearch.bulk.ItemResult;
import io.ddbsync.opensearch.bulk.OpenSearchBulkSender;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a real OpenSearch node, driven by the indexer's own bulk sender. */
class FaultProxyTest {

  final URI openSearch = SharedOpenSearch.uri();
  final NodeJson direct = new NodeJson(openSearch);
  final String index = "faults-" + UUID.randomUUID();
  FaultProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void withoutFaultsEveryRequestPassesThrough() throws IOException {
    proxy = FaultProxy.start(openSearch, FaultSpec.NONE, Duration.ZERO, 1);

    List<ItemResult> results = sender().send(items(5, 1));

    assertThat(results).allMatch(r -> r instanceof ItemResult.Applied a && !a.conflict());
    assertThat(stored()).isEqualTo(5);
  }

  @Test
  void itemFaultsFailTheChosenItemsWhichAreNotApplied() throws IOException {
    proxy = FaultProxy.start(openSearch, FaultSpec.parse("item429=0.3,item503=0.2"), Duration.ZERO, 7);

    List<ItemResult> results = sender().send(items(40, 1));

    long retryable = results.stream().filter(r -> r instanceof ItemResult.Retryable).count();
    assertThat(retryable).isEqualTo(proxy.counts().items429.get() + proxy.counts().items503.get()).isBetween(5L, 35L);
    assertThat(proxy.counts().items429.get()).isPositive();
    assertThat(proxy.counts().items503.get()).isPositive();
    assertThat(stored()).as("failed items were taken out of the request").isEqualTo(40 - retryable);
  }

  @Test
  void aRefusedRequestAppliesNothing() throws IOException {
    proxy = FaultProxy.start(openSearch, FaultSpec.parse("os503=1"), Duration.ZERO, 1);

    assertThatThrownBy(() -> sender().send(items(3, 1))).isInstanceOf(IOException.class);
    assertThat(proxy.counts().refused503.get()).isEqualTo(1);
    assertThat(direct.status("HEAD", "/" + index)).isEqualTo(404);
  }

  @Test
  void aTimedOutRequestWasAppliedSoItsRetryIsAConflictThatCountsAsSuccess() throws IOException {
    proxy = FaultProxy.start(openSearch, FaultSpec.parse("timeout=1"), Duration.ZERO, 1);

    assertThatThrownBy(() -> sender().send(items(3, 1))).isInstanceOf(IOException.class);
    List<ItemResult> retried = new OpenSearchBulkSender(OpenSearchClients.plain(openSearch)).send(items(3, 1));

    assertThat(proxy.counts().timedOut.get()).isEqualTo(1);
    assertThat(stored()).isEqualTo(3);
    assertThat(retried).allMatch(r -> r instanceof ItemResult.Applied a && a.conflict());
  }

  private OpenSearchBulkSender sender() {
    return new OpenSearchBulkSender(OpenSearchClients.plain(proxy.uri()));
  }

  private List<BulkItem> items(int n, long version) {
    List<BulkItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ObjectNode document = ChangeMessages.MAPPER.createObjectNode().put("n", i);
      items.add(new BulkItem("m" + i, index, "item-" + i, version, document, false));
    }
    return items;
  }

  private long stored() {
    if (direct.status("HEAD", "/" + index) != 200) {
      return 0;
    }
    direct.json("POST", "/" + index + "/_refresh", null);
    return direct.json("GET", "/" + index + "/_count", null).path("count").asLong();
  }
}
