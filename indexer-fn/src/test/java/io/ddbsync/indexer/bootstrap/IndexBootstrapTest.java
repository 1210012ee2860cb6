package io.ddbsync.indexer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.indexer.Documents;
import io.ddbsync.indexer.LocalServices;
import io.ddbsync.indexer.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

class IndexBootstrapTest {

  private final OpenSearchClient client = LocalServices.openSearch();

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
    String first = LocalServices.newIndex("boot");
    String second = LocalServices.newIndex("boot");
    IndexBootstrap bootstrap = new IndexBootstrap(LocalServices.generic());

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
    String index = LocalServices.newIndex("early");
    client.index(i -> i.index(index).id("a").document(TestMessages.json("{\"n\":1}")));
    client.index(i -> i.index(index).id("b").document(TestMessages.json("{\"@deleted\":true}")));

    new IndexBootstrap(LocalServices.generic()).apply(index);

    assertThat(Documents.searchIds(index, IndexBootstrap.liveAlias(index))).containsExactly("a");
  }
}
