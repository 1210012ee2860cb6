package io.ddbsync.cli.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.unindexed.UnindexedValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dump against the expected documents: documents missing from the index, stale ones (present
 * with other content), and resurrected ones (present although the item is gone). A value kept under
 * {@code @unindexed} counts at its own path.
 */
record IndexComparison(List<String> missing, List<String> stale, List<String> resurrected) {

  static Map<String, JsonNode> readDump(Path file) throws IOException {
    Map<String, JsonNode> dumped = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode document = ChangeMessages.MAPPER.readTree(line);
      dumped.put(ExpectedIndex.key(document.path("_index").asText(), document.path("_id").asText()),
          UnindexedValues.restored((ObjectNode) document.get("_source")));
    }
    return dumped;
  }

  static IndexComparison of(Map<String, ? extends JsonNode> expected, Map<String, JsonNode> dumped) {
    List<String> missing = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    List<String> resurrected = new ArrayList<>();
    expected.forEach((key, document) -> {
      JsonNode actual = dumped.get(key);
      if (actual == null) {
        missing.add(key);
      } else if (!actual.equals(document)) {
        stale.add(key + ": expected " + document + " but the index holds " + actual);
      }
    });
    dumped.keySet().stream().filter(key -> !expected.containsKey(key)).forEach(resurrected::add);
    return new IndexComparison(missing, stale, resurrected);
  }

  boolean exact() {
    return missing.isEmpty() && stale.isEmpty() && resurrected.isEmpty();
  }

  @Override
  public String toString() {
    return "missing " + missing + ", stale " + stale + ", resurrected " + resurrected;
  }
}
