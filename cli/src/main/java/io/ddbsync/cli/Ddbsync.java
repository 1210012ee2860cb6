package io.ddbsync.cli;

import io.ddbsync.cli.command.bootstrap.BootstrapCommand;
import io.ddbsync.cli.command.invoke.InvokeCommand;
import io.ddbsync.cli.command.run.RunCommand;
import io.ddbsync.cli.command.testfilter.TestFilterCommand;
import io.ddbsync.cli.shared.error.UserError;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code ddbsync} tool: runs the DynamoDB-to-OpenSearch pipeline locally, with no Docker and no AWS. */
@Command(
    name = "ddbsync",
    mixinStandardHelpOptions = true,
    version = "ddbsync 0.1.0-SNAPSHOT",
    description = "Runs the DynamoDB stream -> Pipes -> SQS FIFO -> OpenSearch pipeline locally.",
    subcommands = {
      RunCommand.class,
      InvokeCommand.class,
      TestFilterCommand.class,
      BootstrapCommand.class,
      io.ddbsync.cli.command.reindex.ReindexCommand.class,
      io.ddbsync.cli.command.redrive.RedriveCommand.class, io.ddbsync.cli.command.replay.ReplayCommand.class,
      io.ddbsync.cli.command.backfill.BackfillCommand.class, io.ddbsync.cli.command.verify.VerifyCommand.class,
      io.ddbsync.cli.command.bench.BenchCommand.class, io.ddbsync.cli.command.status.StatusCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Ddbsync {

  @Option(names = "--verbose", description = "Show stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with the error handling every entry point (main, tests) shares. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Ddbsync());
    // Bound now, to the terminal: while a run captures the functions' output, System.out and
    // System.err point at the function log, and an error must still reach the user.
    cli.setOut(new PrintWriter(System.out, true));
    cli.setErr(new PrintWriter(System.err, true));
    cli.setExecutionExceptionHandler(Ddbsync::handleExecutionException);
    return cli;
  }

  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose = parseResult.hasMatchedOption("--verbose")
        || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.println(commandLine.getColorScheme().errorText("ddbsync: " + oneLine(e)));
    err.flush();
    return e instanceof UserError ? 2 : 1;
  }

  /**
   * The user error's message, or the innermost cause's for an unexpected failure, on one line
   * (messages of parsers span several: a YAML error shows the line with a caret under it).
   */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (!(root instanceof UserError) && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
    return root instanceof UserError ? line : line + " (run with --verbose for details)";
  }
}
