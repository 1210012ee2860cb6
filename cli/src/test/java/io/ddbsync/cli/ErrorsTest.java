package io.ddbsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a user can make end with one line on stderr naming the problem, and a non-zero exit. */
class ErrorsTest {

  @TempDir Path dir;

  private String events() {
    return Cli.samples().resolve("enrichment").resolve("insert.json").toString();
  }

  private static void assertOneClearLine(Cli.Result result, String... mentions) {
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
    assertThat(result.err()).startsWith("ddbsync: ").doesNotContain("Exception", "\tat ");
    for (String mention : mentions) {
      assertThat(result.err()).contains(mention);
    }
  }

  @Test
  void templateThatDoesNotParseIsNamed() throws Exception {
    Path template = dir.resolve("broken.yaml");
    Files.writeString(template, "Resources:\n  Pipe: [unclosed\n");

    Cli.Result result = Cli.run("run", "--template", template.toString(), "--events", events());

    assertOneClearLine(result, "broken.yaml");
  }

  @Test
  void missingTemplateIsNamed() {
    Cli.Result result = Cli.run("test-filter", "--template", dir.resolve("none.yaml").toString(), "--events", events());

    assertOneClearLine(result, "none.yaml", "does not exist");
  }

  @Test
  void patternThatDoesNotCompileIsShownWithEventRulersReason() throws Exception {
    Path template = TemplateFiles.withFilterPattern(dir, "{\"dynamodb\": \"not-a-list\"}");

    Cli.Result result = Cli.run("test-filter", "--template", template.toString(), "--events", events());

    assertOneClearLine(result, "filter pattern 1 does not compile", "not-a-list");
  }

  @Test
  void fileThatIsNotStreamRecordsIsNamed() throws Exception {
    Path file = dir.resolve("orders.json");
    Files.writeString(file, "[{\"orderId\": 1}]");

    Cli.Result result = Cli.run("run", "--template", Cli.template().toString(), "--events", file.toString());

    assertOneClearLine(result, "orders.json", "not DynamoDB stream records");
  }

  @Test
  void fileThatIsNotJsonIsNamed() throws Exception {
    Path file = dir.resolve("notes.json");
    Files.writeString(file, "these are not records");

    Cli.Result result = Cli.run("test-filter", "--template", Cli.template().toString(), "--events", file.toString());

    assertOneClearLine(result, "notes.json", "not JSON");
  }

  @Test
  void sqsPortInUseIsNamedBeforeAnyEngineStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      Cli.Result result = Cli.run("run", "--template", Cli.template().toString(), "--events", events(),
          "--sqs-port", Integer.toString(port));

      assertOneClearLine(result, "port " + port, "in use");
    }
  }

  @Test
  void unreachableOpenSearchIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    assertOneClearLine(Cli.run("run", "--template", Cli.template().toString(), "--events", events(),
        "--opensearch", url), "cannot reach OpenSearch at " + url);
    assertOneClearLine(Cli.run("bootstrap", "--opensearch", url, "--index", "items"),
        "cannot reach OpenSearch at " + url);
  }

  @Test
  void verboseShowsTheStackTrace() throws Exception {
    Path file = dir.resolve("orders.json");
    Files.writeString(file, "[{\"orderId\": 1}]");

    Cli.Result result = Cli.run("test-filter", "--verbose", "--template", Cli.template().toString(),
        "--events", file.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("\tat ").contains("orders.json");
  }
}
