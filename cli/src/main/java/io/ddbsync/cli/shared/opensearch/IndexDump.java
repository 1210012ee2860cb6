package io.ddbsync.cli.shared.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Every live document (no {@code @deleted} tombstone) of the given indices, read with a scroll and
 * written as JSON lines {@code {"_index":…,"_id":…,"_source":…}} sorted by index, then id.
 */
public final class IndexDump {

  private static final String LIVE_QUERY =
      "{\"size\":1000,\"query\":{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"@deleted\"}}}}}";

  private IndexDump() {}

  public static List<ObjectNode> liveDocuments(OpenSearchHttp openSearch, Collection<String> indices) {
    List<ObjectNode> documents = new ArrayList<>();
    for (String index : new TreeSet<>(indices)) {
      openSearch.scroll(index, LIVE_QUERY, hit -> {
        ObjectNode line = ChangeMessages.MAPPER.createObjectNode();
        line.put("_index", hit.path("_index").asText());
        line.put("_id", hit.path("_id").asText());
        line.set("_source", hit.path("_source"));
        documents.add(line);
      });
    }
    documents.sort(Comparator.<ObjectNode, String>comparing(d -> d.path("_index").asText())
        .thenComparing(d -> d.path("_id").asText()));
    return documents;
  }

  public static void write(Path file, List<ObjectNode> documents) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ObjectNode document : documents) {
        out.write(ChangeMessages.MAPPER.writeValueAsString(document));
        out.write('\n');
      }
    }
  }
}
