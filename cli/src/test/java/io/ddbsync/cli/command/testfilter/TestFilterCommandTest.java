package io.ddbsync.cli.command.testfilter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.TemplateFiles;
import io.ddbsync.message.ChangeMessages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFilterCommandTest {

  @TempDir Path dir;

  @Test
  void keyPrefixPatternMatchesOrdersAndDropsTheRest() throws Exception {
    Path sample = Cli.samples().resolve("enrichment").resolve("mixed-batch-10.json");
    Path template = TemplateFiles.withFilterPattern(dir, "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"ORDER#\"}]}}}}");
    List<String> orders = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (JsonNode record : ChangeMessages.MAPPER.readTree(sample.toFile())) {
      String pk = record.path("dynamodb").path("Keys").path("pk").path("S").asText();
      (pk.startsWith("ORDER#") ? orders : others).add(record.path("eventID").asText());
    }
    assertThat(orders).isNotEmpty();
    assertThat(others).isNotEmpty();

    Cli.Result result = Cli.run("test-filter", "--template", template.toString(), "--events", sample.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    for (String eventId : orders) {
      assertThat(lines).anyMatch(line -> line.startsWith("MATCH ") && line.contains(eventId));
    }
    for (String eventId : others) {
      assertThat(lines).anyMatch(line -> line.startsWith("DROP ") && line.contains(eventId));
    }
    assertThat(result.lastLine()).isEqualTo(String.format("%d records: %d match, %d dropped",
        orders.size() + others.size(), orders.size(), others.size()));
  }

  @Test
  void eachLineNamesTheEventNameAndKeys() {
    Path sample = Cli.samples().resolve("enrichment").resolve("insert.json");

    Cli.Result result = Cli.run("test-filter", "--template", Cli.template().toString(), "--events", sample.toString());

    assertThat(result.out().lines().findFirst().orElseThrow())
        .contains("INSERT").contains("\"pk\"").contains("ORDER#1001");
  }
}
