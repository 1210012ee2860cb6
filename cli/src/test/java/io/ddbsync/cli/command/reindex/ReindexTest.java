package io.ddbsync.cli.command.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Commands;
import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.indexsetup.IndexState;
import io.ddbsync.indexsetup.IndexTemplate;
import io.ddbsync.indexsetup.OpenSearchCalls;
import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import io.ddbsync.testsupport.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReindexTest {

  private final OpenSearchCalls calls = new OpenSearchCalls(OpenSearchClients.plain(SharedOpenSearch.uri()).generic());

  @TempDir Path dir;

  @Test
  void newGenerationGetsTheEditedMappingAndEveryDocumentWithItsVersion() throws Exception {
    String index = newIndex();
    setUp(index);
    writeDocuments(index, 120);
    Path template = editedTemplate();

    Commands.Run run = reindex(new ReindexCommand(), index, "--index-template", template.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("step 6/6: point " + index + "-live at " + index + "-000002");
    IndexState state = IndexState.read(calls, index);
    assertThat(state.writeGeneration()).contains(2);
    assertThat(state.liveGeneration()).contains(2);
    assertThat(calls.ok("GET", "/" + index + "-000002/_mapping", null).at("/" + index + "-000002/mappings/properties/sku/type").asText())
        .isEqualTo("keyword");
    assertThat(versions(index + "-000002")).isEqualTo(versions(index + "-000001"));
    assertThat(liveIds(index)).hasSize(120 - 120 / 10).doesNotContain("d0", "d10");
  }

  @Test
  void runAgainAfterACrashMidCopyResumesAndConverges() throws Exception {
    String index = newIndex();
    setUp(index);
    writeDocuments(index, 300);
    ReindexCommand crashing = new ReindexCommand();
    crashing.copyStarted = task -> {
      throw new IOException("killed after copy task " + task + " started");
    };

    Commands.Run first = reindex(crashing, index);
    IndexState stopped = IndexState.read(calls, index);
    Commands.Run dryRun = reindex(new ReindexCommand(), index, "--dry-run");
    Commands.Run second = reindex(new ReindexCommand(), index);

    assertThat(first.exitCode()).isEqualTo(2);
    assertThat(first.err()).contains("run the same command again to resume");
    assertThat(stopped.writeGeneration()).contains(2);
    assertThat(stopped.liveGeneration()).as("readers still on the complete generation").contains(1);
    assertThat(dryRun.out()).startsWith("would 1/4: block writes to " + index + "-000001").contains("would 2/4: copy " + index + "-000001 into " + index + "-000002");
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("verified:");
    assertThat(IndexState.read(calls, index).liveGeneration()).contains(2);
    assertThat(versions(index + "-000002")).isEqualTo(versions(index + "-000001"));
  }

  @Test
  void firstLayoutIndexIsMigratedKeepingVersionsAndDeleteOldRemovesTheClone() throws Exception {
    String index = newIndex();
    writeDocuments(index, 50); // a physical index named like the route, as before generations
    List<String> before = versions(index);

    Commands.Run migrate = reindex(new ReindexCommand(), index);
    Commands.Run deleteOld = reindex(new ReindexCommand(), index, "--delete-old");

    assertThat(migrate.exitCode()).as(migrate.out() + migrate.err()).isZero();
    assertThat(migrate.out()).contains("step 1/9: block writes", "step 3/9: replace the physical index " + index);
    assertThat(deleteOld.out()).containsOnlyOnce("step").contains("delete the old generation(s) " + index + "-000001");
    IndexState state = IndexState.read(calls, index);
    assertThat(state.legacy()).isFalse();
    assertThat(state.generations()).containsOnlyKeys(2);
    assertThat(versions(index + "-000002")).isEqualTo(before);
    calls.ok("PUT", "/" + index + "/_doc/new?version=9&version_type=external&refresh=true", Json.json("{\"n\":1}"));
    assertThat(liveIds(index)).contains("new");
  }

  @Test
  void dryRunChangesNothingAndServerlessIsRefusedByName() throws Exception {
    String index = newIndex();
    setUp(index);

    Commands.Run dryRun = reindex(new ReindexCommand(), index, "--dry-run");
    Commands.Run serverless = reindex(new ReindexCommand(), index, "--opensearch-auth", "sigv4-aoss");

    assertThat(dryRun.out()).contains("would 1/6: create " + index + "-000002", "would 6/6: point " + index + "-live");
    assertThat(IndexState.read(calls, index).generations()).containsOnlyKeys(1);
    assertThat(serverless.exitCode()).isEqualTo(2);
    assertThat(serverless.err()).contains("OpenSearch Serverless has no _reindex or _tasks API");
  }

  private Commands.Run reindex(ReindexCommand command, String index, String... more) {
    List<String> args = new ArrayList<>(List.of("--opensearch", SharedOpenSearch.uri().toString(), "--index", index, "--no-progress"));
    args.addAll(List.of(more));
    return Commands.run(command, args, List.of());
  }

  /** {@code n} documents with external versions; every tenth a tombstone. */
  private void writeDocuments(String index, int n) throws IOException {
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < n; i++) {
      bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"d").append(i)
          .append("\",\"version\":").append(1000 + i).append(",\"version_type\":\"external\"}}\n");
      bulk.append(i % 10 == 0 ? "{\"@deleted\":true,\"@deletedAt\":1700000000}" : "{\"sku\":\"S-" + i + "\",\"n\":" + i + "}").append('\n');
    }
    calls.ok("POST", "/_bulk?refresh=true", new RawJson(bulk.toString()));
  }

  /** id:version of every document, tombstones included, sorted. */
  private List<String> versions(String physical) throws IOException {
    calls.ok("POST", "/" + physical + "/_refresh", null);
    JsonNode hits = calls.ok("POST", "/" + physical + "/_search",
        Json.json("{\"size\":1000,\"version\":true}")).path("hits").path("hits");
    List<String> versions = new ArrayList<>();
    hits.forEach(h -> versions.add(h.path("_id").asText() + ":" + h.path("_version").asLong() + ":" + h.path("_source")));
    return versions.stream().sorted().toList();
  }

  private List<String> liveIds(String index) throws IOException {
    JsonNode hits = calls.ok("POST", "/" + index + "-live/_search", Json.json("{\"size\":1000}")).path("hits").path("hits");
    List<String> ids = new ArrayList<>();
    hits.forEach(h -> ids.add(h.path("_id").asText()));
    return ids;
  }

  /** The packaged template with {@code sku} mapped as keyword: the mapping change a user makes. */
  private Path editedTemplate() throws IOException {
    ObjectNode file = IndexTemplate.packaged().file();
    ((ObjectNode) file.at("/template/mappings/properties")).putObject("sku").put("type", "keyword");
    Path path = dir.resolve("index-template.json");
    Files.writeString(path, file.toPrettyString());
    return path;
  }

  private static String newIndex() {
    return "rx-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Newline-delimited _bulk body. */
  private static final class RawJson extends com.fasterxml.jackson.databind.node.TextNode {
    RawJson(String text) {
      super(text);
    }

    @Override
    public String toString() {
      return textValue();
    }
  }

  private static void setUp(String index) {
    try (OpenSearchConnection openSearch = OpenSearchConnection.plain(SharedOpenSearch.uri())) {
      IndexTemplates.apply(openSearch, List.of(index));
    }
  }
}
