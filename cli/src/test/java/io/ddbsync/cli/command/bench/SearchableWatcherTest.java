package io.ddbsync.cli.command.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.command.bench.SearchableWatcher.Expected;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.NodeJson;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the embedded node: a write counts once search shows it, or shows a later version. */
class SearchableWatcherTest {

  private final NodeJson openSearch = new NodeJson(SharedOpenSearch.uri());
  private final String index = "watcher-" + UUID.randomUUID();

  @BeforeEach
  void createIndex() {
    openSearch.json("PUT", "/" + index, "{\"settings\":{\"refresh_interval\":\"-1\"}}");
  }

  private void write(String id, long version) {
    openSearch.json("PUT", "/" + index + "/_doc/" + id + "?version_type=external&version=" + version, "{\"n\":1}");
  }

  @Test
  void aWriteIsSeenOnlyAfterARefreshMadeItSearchable() {
    write("a", 7);
    SearchableWatcher watcher = new SearchableWatcher(openSearch.client(), List.of(new Expected(index, "a", 7, 0)));
    assertThatThrownBy(() -> watcher.await(1, Duration.ofMillis(300))).isInstanceOf(UserError.class)
        .hasMessageContaining("1 expected writes were not searchable");

    long beforeRefresh = System.nanoTime();
    openSearch.json("POST", "/" + index + "/_refresh", null);
    long[] seen = watcher.await(1, Duration.ofSeconds(10));

    assertThat(seen[0]).isGreaterThan(beforeRefresh);
  }

  @Test
  void aLaterVersionMakesEarlierWritesOfTheDocumentSearchable() {
    write("a", 9);
    write("b", 1);
    openSearch.json("POST", "/" + index + "/_refresh", null);
    SearchableWatcher watcher = new SearchableWatcher(openSearch.client(), List.of(
        new Expected(index, "a", 7, 0), new Expected(index, "a", 9, 1), new Expected(index, "b", 1, 2)));

    long[] seen = watcher.await(4, Duration.ofSeconds(10));

    assertThat(seen[0]).isPositive();
    assertThat(seen[1]).isPositive();
    assertThat(seen[2]).isPositive();
    assertThat(seen[3]).as("a change with no expected write").isZero();
  }

  @Test
  void anOlderVersionDoesNotCountForANewerWrite() {
    write("a", 3);
    openSearch.json("POST", "/" + index + "/_refresh", null);
    SearchableWatcher watcher = new SearchableWatcher(openSearch.client(), List.of(new Expected(index, "a", 4, 0)));

    assertThatThrownBy(() -> watcher.await(1, Duration.ofMillis(300))).isInstanceOf(UserError.class);
  }
}
