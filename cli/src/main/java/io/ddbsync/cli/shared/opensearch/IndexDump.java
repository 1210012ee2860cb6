package io.ddbsync.cli.shared.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.bulk.Tombstone;
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
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Every live document (no {@code @deleted} tombstone) of the given indices, read with a scroll and
 * written as JSON lines {@code {"_index":…,"_id":…,"_source":…}} sorted by index, then id.
 */
public final class IndexDump {

  private IndexDump() {}

  public static List<ObjectNode> liveDocuments(OpenSearchClient client, Collection<String> indices) throws IOException {
    List<ObjectNode> documents = new ArrayList<>();
    for (String index : new TreeSet<>(indices)) {
      IndexScroll.forEach(client, index,
          search -> search.query(q -> q.bool(b -> b.mustNot(n -> n.exists(e -> e.field(Tombstone.DELETED))))),
          hit -> {
            ObjectNode line = ChangeMessages.MAPPER.createObjectNode();
            line.put("_index", index); // the routed name: hits name the generation behind the alias
            line.put("_id", hit.id());
            line.set("_source", hit.source());
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
