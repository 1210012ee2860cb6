package io.ddbsync.enrichment;

import io.ddbsync.testsupport.Samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.ItemChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every input in {@code samples/enrichment/} goes through the handler, and its response must equal
 * {@code <name>.expected.json} beside it. After a deliberate change of behaviour, rewrite the
 * expectations with {@code -Dsamples.update=true} and review the diff.
 */
class SamplesTest {

  /** The enrichment settings the samples are written for (also the sam local env of the function). */
  static final Map<String, String> SAMPLE_ENV =
      Map.of(
          "KEY_ATTRIBUTES", "pk,sk",
          "DEFAULT_INDEX", "items",
          "ROUTES", "pk^CUSTOMER#=>customers;entityType=Order=>orders",
          "IGNORED_ATTRIBUTES", "updatedAt",
          "TTL_EXPIRY", "delete");

  private static final String EXPECTED = ".expected.json";

  /** Message types per sample: a check of the expectations that does not come from the code. */
  private static final Map<String, List<String>> TYPES =
      Map.ofEntries(
          Map.entry("insert", List.of("upsert")),
          Map.entry("modify", List.of("upsert")),
          Map.entry("modify-unchanged", List.of()),
          Map.entry("remove", List.of("delete")),
          Map.entry("remove-ttl", List.of("delete")),
          Map.entry("view-new-and-old-images", List.of("upsert", "upsert", "delete")),
          Map.entry("view-new-image", List.of("upsert", "upsert", "delete")),
          Map.entry("view-old-image", List.of("fetch", "fetch", "delete")),
          Map.entry("view-keys-only", List.of("fetch", "fetch", "delete", "invalid")),
          Map.entry("attribute-types", List.of("upsert")),
          Map.entry("type-drift", List.of("upsert", "upsert", "upsert", "upsert")),
          Map.entry("unicode-keys", List.of("upsert", "upsert")),
          Map.entry("malformed-mixed", List.of("invalid", "invalid", "upsert", "invalid")),
          Map.entry("routing", List.of("upsert", "upsert", "upsert", "upsert")),
          Map.entry(
              "mixed-batch-10",
              List.of("upsert", "upsert", "upsert", "upsert", "upsert", "delete", "upsert", "delete", "upsert")));

  private static Path samples() {
    return Samples.path("enrichment");
  }

  private static List<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.list(samples())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().endsWith(EXPECTED))
          .sorted()
          .toList();
    }
  }

  private static String name(Path input) {
    String file = input.getFileName().toString();
    return file.substring(0, file.length() - ".json".length());
  }

  @Test
  void everyFileIsASampleOrTheExpectationOfOne() throws IOException {
    List<String> inputs = inputs().stream().map(SamplesTest::name).toList();
    try (Stream<Path> files = Files.list(samples())) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        assertThat(name).as("file in samples/enrichment").endsWith(".json");
        if (name.endsWith(EXPECTED)) {
          assertThat(inputs).as("input of " + name).contains(name.substring(0, name.length() - EXPECTED.length()));
        }
      }
    }
    assertThat(inputs).as("samples with a type check").containsExactlyInAnyOrderElementsOf(TYPES.keySet());
  }

  @TestFactory
  List<DynamicTest> everySampleGivesItsExpectedResponse() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path input : inputs()) {
      tests.add(DynamicTest.dynamicTest(name(input), () -> check(input)));
    }
    assertThat(tests).isNotEmpty();
    return tests;
  }

  private static void check(Path input) throws IOException {
    EnrichmentHandler handler =
        new EnrichmentHandler(
            EnrichmentConfig.fromEnv(SAMPLE_ENV),
            new JsonLog("test", JsonLog.Level.ERROR, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(input)) {
      handler.handleRequest(in, response, null);
    }
    JsonNode actual = ChangeMessages.MAPPER.readTree(response.toByteArray());

    Path expectedFile = input.resolveSibling(name(input) + EXPECTED);
    if (Boolean.getBoolean("samples.update")) {
      Files.writeString(
          expectedFile,
          ChangeMessages.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n",
          StandardCharsets.UTF_8);
    }
    assertThat(expectedFile).as("expectation of sample " + input.getFileName()).exists();
    JsonNode expected = ChangeMessages.MAPPER.readTree(expectedFile.toFile());
    assertThat(actual).as(input.getFileName() + " response").isEqualTo(expected);

    List<String> types = new ArrayList<>();
    for (JsonNode element : actual) {
      assertThat(ChangeMessageSchema.errors(element)).as(input.getFileName() + " element against the schema").isEmpty();
      ChangeMessage message = assertReadable(element);
      types.add(element.get("type").textValue());
      assertThat(message.groupId()).hasSizeBetween(1, 100).matches("[!-~]+");
      assertThat(message.dedupId()).hasSizeBetween(1, 100).matches("[!-~]+");
      if (message instanceof ItemChange change) {
        assertThat(change.id().getBytes(StandardCharsets.UTF_8).length).isBetween(1, 512);
        assertThat(change.version()).isPositive();
      }
    }
    assertThat(types).as(input.getFileName() + " message types").isEqualTo(TYPES.get(name(input)));
  }

  private static ChangeMessage assertReadable(JsonNode element) {
    try {
      return ChangeMessages.read(element.toString());
    } catch (Exception e) {
      throw new AssertionError("response element is no valid change message: " + e.getMessage(), e);
    }
  }
}
