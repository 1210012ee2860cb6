package io.ddbsync.cli;

import io.ddbsync.testsupport.Samples;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the {@code ddbsync} command line in-process, as a user would type it, capturing its output. */
public final class Cli {

  private Cli() {}

  public record Result(int exitCode, String out, String err) {
    /** The last non-empty line of stdout: where {@code --json} puts the summary. */
    public String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Ddbsync.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  public static Path samples() {
    return Samples.dir();
  }

  public static Path template() {
    return Path.of(System.getProperty("template.file", "../pipeline.yaml"));
  }
}
