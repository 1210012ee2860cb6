package io.ddbsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs a subcommand in-process with the top-level command's exit statuses (user error = 2). */
public final class Commands {

  public record Run(int exitCode, String out, String err) {
    /** The last stdout line, parsed: the --json summary. */
    public JsonNode json() {
      List<String> lines = out.lines().toList();
      try {
        return ChangeMessages.MAPPER.readTree(lines.get(lines.size() - 1));
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + out + err, e);
      }
    }
  }

  private Commands() {}

  public static Run run(Object command, List<String> first, List<String> more) {
    List<String> args = new ArrayList<>(first);
    args.addAll(more);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      e.printStackTrace(commandLine.getErr());
      return e instanceof UserError ? 2 : 1;
    });
    int exitCode = cli.execute(args.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }
}
