package io.ddbsync.cli.command.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Time;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.opensearch.indices.IndexSettings;

/**
 * Turns off periodic refresh of the target indices during a direct load (raise {@code refresh_interval}
 * during bulk loads: Amazon OpenSearch Service Developer Guide, "Operational best practices") and puts
 * the previous values back afterwards.
 */
public final class RefreshIntervals {

  private final OpenSearchClient client;

  public RefreshIntervals(OpenSearchClient client) {
    this.client = client;
  }

  /** The current interval of each existing index among {@code indices} (empty = the index default). */
  public Map<String, Optional<String>> current(Set<String> indices) throws IOException {
    Map<String, Optional<String>> intervals = new LinkedHashMap<>();
    for (String index : indices) {
      if (!client.indices().exists(e -> e.index(index)).value()) {
        continue; // not set up: nothing to turn off
      }
      // Keyed by the physical index (the write alias's generation), not by the alias asked for.
      IndexSettings settings = client.indices().getSettings(g -> g.index(index)).result().values().iterator().next()
          .settings();
      Time interval = settings.index() == null ? settings.refreshInterval() : settings.index().refreshInterval();
      intervals.put(index, Optional.ofNullable(interval).map(Time::time));
    }
    return intervals;
  }

  public void disable(Set<String> indices) throws IOException {
    for (String index : indices) {
      put(index, Optional.of("-1"));
    }
  }

  /** Puts each interval back, refreshing the index so the load becomes searchable at once. */
  public void restore(Map<String, Optional<String>> intervals) throws IOException {
    for (Map.Entry<String, Optional<String>> interval : intervals.entrySet()) {
      put(interval.getKey(), interval.getValue());
      client.indices().refresh(r -> r.index(interval.getKey()));
    }
  }

  /**
   * Through the generic client: only a JSON {@code null} resets the index to the default interval, and
   * the typed settings cannot send one.
   */
  private void put(String index, Optional<String> interval) throws IOException {
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    ObjectNode settings = body.putObject("index");
    if (interval.isPresent()) {
      settings.put("refresh_interval", interval.get());
    } else {
      settings.putNull("refresh_interval");
    }
    try (Response response = client.generic().execute(
        Requests.builder().method("PUT").endpoint("/" + index + "/_settings").json(body.toString()).build())) {
      if (response.getStatus() / 100 != 2) {
        throw new IOException("PUT /" + index + "/_settings answered " + response.getStatus() + ": "
            + response.getBody().map(b -> b.bodyAsString()).orElse(""));
      }
    }
  }
}
