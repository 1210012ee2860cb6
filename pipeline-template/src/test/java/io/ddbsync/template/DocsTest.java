package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.enrichment.EnrichmentVariable;
import io.ddbsync.function.config.Variable;
import io.ddbsync.indexer.IndexerVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs follow pipeline.yaml and the configuration contracts: docs/configuration.md's parameter
 * table and its functions' variable tables, the build commands of the README's "Deploy and tune",
 * and the sam local invoke of docs/deploy.md.
 */
class DocsTest {

  private static final String ENRICHMENT_HEADING = "## The enrichment function (`enrichment-fn`)";
  private static final String INDEXER_HEADING = "## The indexer (`indexer-fn`)";
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\w+)` \\| ([^|]+?) \\|");

  private static String page(String path) {
    return Repo.read(Repo.root().resolve(path));
  }

  private static String configuration() {
    return page("docs/configuration.md");
  }

  /** Parameter name to default as the table shows it: "(required)", "empty" or the value. */
  static Map<String, String> parameterTable(String page) {
    String section = page.substring(page.indexOf("## Parameters"));
    int next = section.indexOf("\n#", 1);
    String table = next < 0 ? section : section.substring(0, next);
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(table);
    while (m.find()) {
      rows.put(m.group(1), m.group(2).strip());
    }
    return rows;
  }

  static Map<String, String> templateDefaults(PipelineTemplate template) {
    Map<String, String> defaults = new LinkedHashMap<>();
    template.parameters().values().forEach(p -> defaults.put(p.name(),
        p.defaultValue().map(v -> v.isEmpty() ? "empty" : "`" + v + "`").orElse("(required)")));
    return defaults;
  }

  @Test
  void parameterTableListsEveryParameterWithItsDefault() {
    assertThat(parameterTable(configuration())).containsExactlyEntriesOf(templateDefaults(Repo.template()));
  }

  @Test
  void parameterTableDriftIsCaught() {
    PipelineTemplate changed = Repo.edited(root -> Repo.map(root, "Parameters", "IndexerMaximumConcurrency").put("Default", 8));
    assertThat(parameterTable(configuration())).isNotEqualTo(templateDefaults(changed));
  }

  /**
   * Variable name to default as the table after {@code heading} shows it; rows listing several
   * variables are not split, so they show up as unknown names.
   */
  static Map<String, String> configurationTable(String page, String heading) {
    String section = page.substring(page.indexOf(heading));
    int end = section.indexOf("\n\n", section.indexOf("\n|"));
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^\\| ([^|]+?) \\| ([^|]+?) \\|").matcher(section.substring(0, end));
    while (m.find()) {
      String name = m.group(1).strip();
      if (name.startsWith("`")) {
        rows.put(name.substring(1, name.length() - 1), m.group(2).strip());
      }
    }
    return rows;
  }

  /** Problems of a configuration table: other names than the contract's, or another default. */
  static List<String> configurationTableProblems(Map<String, String> table, List<Variable> contract) {
    List<String> problems = new ArrayList<>();
    for (Variable variable : contract) {
      String shown = table.get(variable.name());
      if (shown == null) {
        problems.add(variable.name() + " is missing");
      } else if (variable.defaultValue().isEmpty() ? shown.startsWith("`") : !shown.equals("`" + variable.defaultValue() + "`")) {
        problems.add(variable.name() + " shows default " + shown + ", but its default is '" + variable.defaultValue() + "'");
      }
    }
    table.keySet().stream().filter(name -> contract.stream().noneMatch(v -> v.name().equals(name)))
        .forEach(name -> problems.add(name + " is not read by the function"));
    return problems;
  }

  @Test
  void configurationTablesListEachFunctionsVariablesWithTheirDefaults() {
    String configuration = configuration();
    assertThat(configurationTableProblems(configurationTable(configuration, ENRICHMENT_HEADING), List.of(EnrichmentVariable.values())))
        .isEmpty();
    assertThat(configurationTableProblems(configurationTable(configuration, INDEXER_HEADING), List.of(IndexerVariable.values())))
        .isEmpty();
  }

  @Test
  void configurationTableDriftIsCaught() {
    String drifted = configuration().replace("| `TTL_EXPIRY` | `delete` |", "| `TTL_EXPIRY` | `keep` |")
        .replace("| `MAX_RETRIES` |", "| `MAX_RETRY` |");
    assertThat(configurationTableProblems(configurationTable(drifted, ENRICHMENT_HEADING), List.of(EnrichmentVariable.values())))
        .containsExactly("TTL_EXPIRY shows default `keep`, but its default is 'delete'");
    assertThat(configurationTableProblems(configurationTable(drifted, INDEXER_HEADING), List.of(IndexerVariable.values())))
        .containsExactly("MAX_RETRIES is missing", "TTL_EXPIRY shows default `keep`, but its default is 'delete'",
            "MAX_RETRY is not read by the function");
  }

  @Test
  void commandsUseTheJarsTheTemplateDeploysAndItsFunctionIds() {
    PipelineTemplate template = Repo.template();
    String readme = page("README.md");
    assertThat(readme).contains("mvn -B package -DskipTests");
    for (PipelineTemplate.Function function : template.functions()) {
      assertThat(readme).contains(function.codeUri());
    }
    assertThat(page("docs/deploy.md")).contains("sam local invoke " + template.enrichmentFunction().logicalId() + " ");
  }
}
