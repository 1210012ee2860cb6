package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "Deploy and tune" parameter table and commands follow pipeline.yaml. */
class ReadmeTest {

  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\w+)` \\| ([^|]+?) \\|");

  private static String readme() {
    return Repo.read(Repo.root().resolve("README.md"));
  }

  /** Parameter name to default as the table shows it: "(required)", "empty" or the value. */
  static Map<String, String> parameterTable(String readme) {
    String section = readme.substring(readme.indexOf("### Parameters"));
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
    assertThat(parameterTable(readme())).containsExactlyEntriesOf(templateDefaults(Repo.template()));
  }

  @Test
  void parameterTableDriftIsCaught() {
    PipelineTemplate changed = Repo.edited(root -> Repo.map(root, "Parameters", "IndexerMaximumConcurrency").put("Default", 8));
    assertThat(parameterTable(readme())).isNotEqualTo(templateDefaults(changed));
  }

  @Test
  void commandsUseTheJarsTheTemplateDeploysAndItsFunctionIds() {
    PipelineTemplate template = Repo.template();
    String readme = readme();
    assertThat(readme).contains("mvn -B package -DskipTests");
    for (PipelineTemplate.Function function : template.functions()) {
      assertThat(readme).contains(function.codeUri());
    }
    assertThat(readme).contains("sam local invoke " + template.enrichmentFunction().logicalId() + " ");
  }
}
