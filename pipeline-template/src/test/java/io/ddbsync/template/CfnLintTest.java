package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cfn-lint passes on pipeline.yaml and on its SAM translation, for the default deployment and for
 * the VPC variant (indexer in a VPC, self-managed cluster with a KMS-encrypted secret, no
 * idempotency table, a queue name prefix); the parameters are in src/test/resources/parameters.
 */
class CfnLintTest {

  private static final Optional<String> UNAVAILABLE = CfnLint.unavailable();

  @BeforeAll
  static void sayWhyTestsAreSkipped() {
    UNAVAILABLE.ifPresent(reason -> System.out.println("CfnLintTest skipped: " + reason));
  }

  @BeforeEach
  void toolsAreInstalled() {
    Assumptions.assumeTrue(UNAVAILABLE.isEmpty(), UNAVAILABLE::orElseThrow);
  }

  private static Path parameters(String variant) {
    return Repo.root().resolve("pipeline-template/src/test/resources/parameters/" + variant + ".json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "vpc"})
  void templateLintsClean(String variant) {
    CfnLint.Run run = CfnLint.lint(Repo.templatePath(), parameters(variant));
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "vpc"})
  void samTranslationLintsClean(String variant, @TempDir Path dir) {
    Path translated = CfnLint.translate(Repo.templatePath(), parameters(variant), dir.resolve(variant + ".json"));
    assertThat(Repo.read(translated)).contains("\"AWS::Lambda::Function\"").doesNotContain("AWS::Serverless::Function");
    CfnLint.Run run = CfnLint.lint(translated, parameters(variant));
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void misspelledPropertyAndMissingDeletionPolicyAreReported(@TempDir Path dir) throws IOException {
    String template = Repo.read(Repo.templatePath());
    String broken = replaceOnce(template, "MaximumRetryAttempts: !Ref", "MaximumRetryAttempt: !Ref");
    broken = replaceOnce(broken, "    Condition: UsesIdempotency\n    DeletionPolicy: Delete\n    UpdateReplacePolicy: Delete\n",
        "    Condition: UsesIdempotency\n");
    Path copy = Files.writeString(dir.resolve("pipeline.yaml"), broken);
    CfnLint.Run run = CfnLint.lint(copy, parameters("default"));
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("E3002", "'MaximumRetryAttempt' was unexpected").contains("I3011");
  }

  private static String replaceOnce(String text, String from, String to) {
    assertThat(text).containsOnlyOnce(from);
    return text.replace(from, to);
  }
}
