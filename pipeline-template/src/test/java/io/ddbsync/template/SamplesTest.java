package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** samples/env.json and every samples/ path the template, the README and the docs/ pages name. */
class SamplesTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> envFile() {
    return (Map<String, Object>) new Yaml().load(Repo.read(Repo.root().resolve("samples/env.json")));
  }

  private static Map<String, String> textsNamingSamples() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("pipeline.yaml", Repo.read(Repo.templatePath()));
    texts.put("README.md", Repo.read(Repo.root().resolve("README.md")));
    try (Stream<Path> pages = Files.list(Repo.root().resolve("docs"))) {
      pages.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
          .forEach(p -> texts.put("docs/" + p.getFileName(), Repo.read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list docs/", e);
    }
    return texts;
  }

  @Test
  void envFileSetsExactlyTheTemplateVariablesWithAllowedValues() {
    assertThat(TemplateChecks.envFileProblems(Repo.template(), envFile())).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void envFileDriftIsCaught() {
    Map<String, Object> env = envFile();
    Map<String, Object> enrichment = (Map<String, Object>) env.get("EnrichmentFunction");
    enrichment.remove("ROUTES");
    enrichment.put("TTL_EXPIRY", "forever");
    enrichment.put("AWS_ENDPOINT_URL_SQS", "http://localhost:9324");
    env.remove("IndexerFunction");
    env.put("Indexer", Map.of());
    assertThat(TemplateChecks.envFileProblems(Repo.template(), env)).containsExactlyInAnyOrder(
        "env file: EnrichmentFunction lacks ROUTES, so a local run would see the template's deployed value",
        "env file: EnrichmentFunction TTL_EXPIRY=forever is not one of [delete, keep]",
        "env file: EnrichmentFunction sets AWS_ENDPOINT_URL_SQS, which the template does not declare (SAM ignores it)",
        "env file: Indexer is not a function of the template",
        "env file: no section for IndexerFunction");
  }

  @Test
  void samplesNamedByTemplateAndDocsExist() {
    assertThat(TemplateChecks.missingSamples(Repo.root(), textsNamingSamples())).isEmpty();
    assertThat(textsNamingSamples().get("docs/deploy.md")).contains("samples/env.json", "samples/enrichment/insert.json");
  }

  @Test
  void missingSampleIsCaught() {
    Map<String, String> texts = Map.of("README.md", "sam local invoke -e samples/enrichment/nope.json --env-vars samples/env.json.");
    assertThat(TemplateChecks.missingSamples(Repo.root(), texts))
        .containsExactly("README.md names samples/enrichment/nope.json, which does not exist");
  }
}
