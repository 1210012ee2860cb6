package io.ddbsync.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs cfn-lint and the SAM translator (the Python packages cfn-lint and aws-sam-translator, as
 * installed by {@code pip install cfn-lint}) on templates and parameter files.
 */
final class CfnLint {

  /** What a command printed (stdout and stderr) and its exit code. */
  record Run(int exitCode, String output) {}

  private static final long TIMEOUT_SECONDS = 300;

  private CfnLint() {}

  /**
   * Why the tools cannot run here, or empty when they can: a test skipped for this reason says
   * so, since CI has both.
   */
  static Optional<String> unavailable() {
    Optional<Run> lint = tryRun(List.of("cfn-lint", "--version"), null);
    if (lint.isEmpty() || lint.get().exitCode() != 0) {
      return Optional.of("cfn-lint is not on the PATH (pip install cfn-lint): the template was not linted");
    }
    Optional<Run> sam = tryRun(List.of("python3", "-c", "import samtranslator"), null);
    if (sam.isEmpty() || sam.get().exitCode() != 0) {
      return Optional.of("python3 cannot import samtranslator (pip install aws-sam-translator): the SAM translation was not linted");
    }
    return Optional.empty();
  }

  /**
   * Lints a template with informational rules included (I3011 asks for an explicit
   * DeletionPolicy on stateful resources), its parameters set by a parameter file. No rule is
   * ignored here: the template's Metadata says which it ignores and why.
   */
  static Run lint(Path template, Path parameterFile) {
    return run(List.of("cfn-lint", "--include-checks", "I", "--parameter-files", parameterFile.toString(), "--", template.toString()));
  }

  /** The SAM translation of a template ({@code sam-translate.py}), written to {@code out}. */
  static Path translate(Path template, Path parameterFile, Path out) {
    Path script = Repo.root().resolve("pipeline-template/sam-translate.py");
    Run run = run(List.of("python3", script.toString(), template.toString(), parameterFile.toString()));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("SAM translation of " + template + " failed:\n" + run.output());
    }
    try {
      return Files.writeString(out, run.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Run run(List<String> command) {
    return tryRun(command, Repo.root()).orElseThrow(() -> new IllegalStateException("cannot start " + command));
  }

  private static Optional<Run> tryRun(List<String> command, Path dir) {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " ran over " + TIMEOUT_SECONDS + " s");
      }
      return Optional.of(new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
