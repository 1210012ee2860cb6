package io.ddbsync.indexsetup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import io.ddbsync.testsupport.Json;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IndexBootstrapTest {

  private final OpenSearchCalls calls = new OpenSearchCalls(OpenSearchClients.plain(SharedOpenSearch.uri()).generic());
  private final IndexBootstrap bootstrap = new IndexBootstrap(calls, IndexTemplate.packaged());

  @Test
  void createsGenerationOneBehindTheWriteAliasAndTheLiveAlias() throws Exception {
    String index = newIndex("boot");

    assertThat(bootstrap.apply(index)).isEqualTo(IndexBootstrap.Outcome.CREATED);

    String generation = index + "-000001";
    JsonNode aliases = calls.ok("GET", "/" + generation + "/_alias", null).path(generation).path("aliases");
    assertThat(aliases.path(index).path("is_write_index").asBoolean()).isTrue();
    assertThat(aliases.path(index + "-live").has("filter")).isTrue();
    JsonNode properties = calls.ok("GET", "/" + generation + "/_mapping", null).at("/" + generation + "/mappings/properties");
    assertThat(List.of("@deleted", "@deletedAt", "@ttl")).allMatch(properties::has);
    assertThat(IndexState.read(calls, index))
        .isEqualTo(new IndexState(index, false, new java.util.TreeMap<>(java.util.Map.of(1, generation)),
            java.util.Optional.of(1), java.util.Optional.of(1)));
  }

  @Test
  void writesThroughTheIndexNameKeepExternalVersionsAndTheLiveAliasHidesTombstones() throws Exception {
    String index = newIndex("write");
    bootstrap.apply(index);

    calls.ok("PUT", "/" + index + "/_doc/a?version=5&version_type=external", Json.json("{\"n\":1}"));
    calls.ok("PUT", "/" + index + "/_doc/b?version=5&version_type=external", Json.json("{\"@deleted\":true}"));
    OpenSearchCalls.Answer older = calls.send("PUT", "/" + index + "/_doc/a?version=4&version_type=external", Json.json("{\"n\":0}"));
    calls.ok("POST", "/" + index + "/_refresh", null);

    assertThat(older.status()).isEqualTo(409);
    assertThat(ids(index + "-000001")).containsExactly("a", "b");
    assertThat(ids(index + "-live")).containsExactly("a");
  }

  @Test
  void runningAgainChangesNothing() throws Exception {
    String first = newIndex("again");
    String second = newIndex("again");
    bootstrap.apply(List.of(first, second));
    String before = layout(first) + layout(second);

    List<IndexBootstrap.Result> again = bootstrap.apply(List.of(first, second));

    assertThat(again).extracting(IndexBootstrap.Result::outcome).containsOnly(IndexBootstrap.Outcome.PRESENT);
    assertThat(layout(first) + layout(second)).isEqualTo(before);
  }

  @Test
  void indexOfTheFirstLayoutKeepsWorkingAndGetsItsLiveAlias() throws Exception {
    String index = newIndex("legacy");
    calls.ok("PUT", "/" + index + "/_doc/a?refresh=true", Json.json("{\"n\":1}"));
    calls.ok("PUT", "/" + index + "/_doc/b?refresh=true", Json.json("{\"@deleted\":true}"));

    assertThat(bootstrap.apply(index)).isEqualTo(IndexBootstrap.Outcome.LEGACY);

    assertThat(ids(index + "-live")).containsExactly("a");
    assertThat(IndexState.read(calls, index).legacy()).isTrue();
    assertThat(IndexState.read(calls, index).generations()).isEmpty();
  }

  @Test
  void templateLeavesOutItsAliasesAndMatchesOnlyTheGenerations() {
    IndexTemplate template = IndexTemplate.packaged();

    JsonNode body = template.indexTemplateBody("orders");

    assertThat(body.path("index_patterns").toString()).isEqualTo("[\"orders-0*\"]");
    assertThat(body.path("template").has("aliases")).isFalse();
    assertThat(body.at("/template/mappings/properties/@deleted/type").asText()).isEqualTo("boolean");
    assertThat(template.liveAlias().at("/filter/bool/must_not/exists/field").asText()).isEqualTo("@deleted");
  }

  /** The index's aliases, mappings and settings, without what changes by itself (uuid, creation date). */
  private String layout(String index) throws IOException {
    JsonNode all = calls.ok("GET", "/" + index + "-0*", null);
    all.forEach(i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i.path("settings").path("index"))
        .remove(List.of("uuid", "creation_date", "version")));
    return all.toString() + calls.ok("GET", "/_index_template/ddbsync-" + index, null);
  }

  private List<String> ids(String target) throws IOException {
    calls.ok("POST", "/" + target + "/_refresh", null);
    JsonNode hits = calls.ok("POST", "/" + target + "/_search", Json.json("{\"size\":100}")).path("hits").path("hits");
    List<String> ids = new java.util.ArrayList<>();
    hits.forEach(hit -> ids.add(hit.path("_id").asText()));
    return ids.stream().sorted().toList();
  }

  /** A fresh index name, so tests sharing the node never see each other's documents. */
  static String newIndex(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
