package io.ddbsync.cli.command.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.shared.opensearch.OpenSearchHttp;
import io.ddbsync.message.ChangeMessages;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns off periodic refresh of the target indices during a direct load (raise {@code refresh_interval}
 * during bulk loads: Amazon OpenSearch Service Developer Guide, "Operational best practices") and puts
 * the previous values back afterwards.
 */
public final class RefreshIntervals {

  private final OpenSearchHttp openSearch;

  public RefreshIntervals(OpenSearchHttp openSearch) {
    this.openSearch = openSearch;
  }

  /** The current interval of each existing index among {@code indices} (empty = the index default). */
  public Map<String, Optional<String>> current(Set<String> indices) {
    Map<String, Optional<String>> intervals = new LinkedHashMap<>();
    for (String index : indices) {
      if (openSearch.send("HEAD", "/" + index, null).status() != 200) {
        continue; // created by the first write, from the index template
      }
      JsonNode settings = openSearch.json("GET", "/" + index + "/_settings/index.refresh_interval", null);
      JsonNode value = settings.path(index).path("settings").path("index").path("refresh_interval");
      intervals.put(index, value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText()));
    }
    return intervals;
  }

  public void disable(Set<String> indices) {
    indices.forEach(index -> put(index, Optional.of("-1")));
  }

  /** Puts each interval back, refreshing the index so the load becomes searchable at once. */
  public void restore(Map<String, Optional<String>> intervals) {
    intervals.forEach((index, interval) -> {
      put(index, interval);
      openSearch.json("POST", "/" + index + "/_refresh", null);
    });
  }

  private void put(String index, Optional<String> interval) {
    ObjectNode body = ChangeMessages.MAPPER.createObjectNode();
    ObjectNode settings = body.putObject("index");
    if (interval.isPresent()) {
      settings.put("refresh_interval", interval.get());
    } else {
      settings.putNull("refresh_interval");
    }
    openSearch.json("PUT", "/" + index + "/_settings", body.toString());
  }
}
