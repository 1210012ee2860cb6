package io.ddbsync.cli.command.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ddbsync invoke}: the samples give, in-process, the responses their .expected.json files hold. */
class InvokeCommandTest {

  @TempDir Path dir;

  static Stream<Path> enrichmentSamples() throws IOException {
    try (Stream<Path> files = Files.list(Cli.samples().resolve("enrichment"))) {
      return files.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".expected.json"))
          .filter(f -> Files.exists(expectedOf(f)))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Path expectedOf(Path sample) {
    return sample.resolveSibling(sample.getFileName().toString().replace(".json", ".expected.json"));
  }

  @ParameterizedTest
  @MethodSource("enrichmentSamples")
  void enrichmentSampleGivesItsExpectedMessages(Path sample) throws Exception {
    Cli.Result result = Cli.run("invoke", "enrichment", "--event", sample.toString(),
        "--template", Cli.template().toString(),
        "--env-vars", Cli.samples().resolve("env.json").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(ChangeMessages.MAPPER.readTree(result.out()))
        .isEqualTo(ChangeMessages.MAPPER.readTree(expectedOf(sample).toFile()));
  }

  static Stream<Path> indexerSamples() throws IOException {
    try (Stream<Path> files = Files.list(Cli.samples().resolve("indexer"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("indexerSamples")
  void indexerSampleAnswersWithTheBatchItemFailuresLambdaExpects(Path sample) throws Exception {
    Cli.Result result = Cli.run("invoke", "indexer", "--event", sample.toString(),
        "--template", Cli.template().toString(), "--env", "OPENSEARCH_ENDPOINT=" + SharedOpenSearch.uri());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode response = ChangeMessages.MAPPER.readTree(result.out());
    assertThat(response.path("batchItemFailures").isArray()).isTrue();
    JsonNode event = ChangeMessages.MAPPER.readTree(sample.toFile());
    for (JsonNode failure : response.path("batchItemFailures")) {
      assertThat(event.findValuesAsText("messageId")).contains(failure.path("itemIdentifier").asText());
    }
  }

  @Test
  void envOverridesTheTemplatesVariables() {
    Path sample = Cli.samples().resolve("enrichment").resolve("insert.json");

    Cli.Result result = Cli.run("invoke", "enrichment", "--event", sample.toString(),
        "--template", Cli.template().toString(), "--env", "DEFAULT_INDEX=elsewhere");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"index\" : \"elsewhere\"");
  }

  @Test
  void indexerAppliesAnEnrichedMessageToOpenSearch() throws Exception {
    Path sample = Cli.samples().resolve("enrichment").resolve("insert.json");
    JsonNode message = ChangeMessages.MAPPER.readTree(expectedOf(sample).toFile()).get(0);
    ObjectNode event = ChangeMessages.MAPPER.createObjectNode();
    ObjectNode record = ((ArrayNode) event.putArray("Records")).addObject();
    record.put("messageId", "m-1");
    record.put("receiptHandle", "rh-1");
    record.put("body", message.toString());
    record.putObject("attributes").put("ApproximateReceiveCount", "1")
        .put("MessageGroupId", message.path("groupId").asText())
        .put("MessageDeduplicationId", message.path("dedupId").asText());
    record.putObject("messageAttributes");
    record.put("eventSource", "aws:sqs");
    record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:ddbsync-changes.fifo");
    record.put("awsRegion", "us-east-1");
    Path file = dir.resolve("sqs-event.json");
    Files.writeString(file, event.toString());
    URI openSearch = SharedOpenSearch.uri();

    Cli.Result result = Cli.run("invoke", "indexer", "--event", file.toString(),
        "--template", Cli.template().toString(), "--env", "OPENSEARCH_ENDPOINT=" + openSearch);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(ChangeMessages.MAPPER.readTree(result.out()).path("batchItemFailures").size()).isZero();
    HttpResponse<String> stored = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(openSearch.resolve("/" + message.path("index").asText() + "/_doc/"
            + java.net.URLEncoder.encode(message.path("id").asText(), java.nio.charset.StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ChangeMessages.MAPPER.readTree(stored.body()).path("_source")).isEqualTo(message.path("document"));
  }
}
