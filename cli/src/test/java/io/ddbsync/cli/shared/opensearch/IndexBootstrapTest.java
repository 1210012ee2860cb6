package io.ddbsync.cli.shared.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import io.ddbsync.testsupport.Json;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.search.Hit;

class IndexBootstrapTest {

  private final OpenSearchClient client = OpenSearchClients.plain(SharedOpenSearch.uri());

  @Test
  void templateFileMapsTheTombstoneFieldsAndDefinesTheLiveAlias() {
    ObjectNode template = IndexBootstrap.loadTemplate();

    assertThat(template.at("/template/mappings/properties/@deleted/type").asText()).isEqualTo("boolean");
    assertThat(template.at("/template/mappings/properties/@deletedAt/format").asText()).isEqualTo("epoch_second");
    assertThat(template.at("/template/mappings/properties/@ttl/type").asText()).isEqualTo("boolean");
    assertThat(template.at("/template/aliases").has("{index}-live")).isTrue();
  }

  @Test
  void bootstrapCreatesTheIndexesWithTheirLiveAliasAndIsRepeatable() throws Exception {
    String first = newIndex("boot");
    String second = newIndex("boot");
    IndexBootstrap bootstrap = new IndexBootstrap(client.generic());

    bootstrap.apply(List.of(first, second));
    bootstrap.apply(List.of(first, second));

    for (String index : List.of(first, second)) {
      assertThat(client.indices().existsIndexTemplate(t -> t.name("ddbsync-" + index)).value()).isTrue();
      assertThat(client.indices().getAlias(a -> a.index(index)).result().get(index).aliases())
          .containsOnlyKeys(IndexBootstrap.liveAlias(index));
      assertThat(client.indices().getMapping(m -> m.index(index)).result().get(index).mappings().properties())
          .containsKeys("@deleted", "@deletedAt", "@ttl");
    }
  }

  @Test
  void indexCreatedBeforeTheBootstrapGetsItsLiveAliasToo() throws Exception {
    String index = newIndex("early");
    client.index(i -> i.index(index).id("a").document(Json.object("{\"n\":1}")));
    client.index(i -> i.index(index).id("b").document(Json.object("{\"@deleted\":true}")));

    new IndexBootstrap(client.generic()).apply(index);

    assertThat(searchIds(index, IndexBootstrap.liveAlias(index))).containsExactly("a");
  }

  /** A fresh index name, so tests sharing the node never see each other's documents. */
  private static String newIndex(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Ids visible through {@code indexOrAlias}, after a refresh. */
  private List<String> searchIds(String index, String indexOrAlias) throws IOException {
    client.indices().refresh(r -> r.index(index));
    return client.search(s -> s.index(indexOrAlias).size(100), ObjectNode.class).hits().hits().stream()
        .map(Hit::id)
        .sorted()
        .toList();
  }
}
