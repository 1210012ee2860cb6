package io.ddbsync.cli.command.run;

import java.io.PrintStream;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Progress bars on the terminal, none with --json or without a console. */
record Progress(boolean quiet, PrintStream terminal) {

  Optional<ProgressBar> bar(String task, long max) {
    if (quiet || System.console() == null) {
      return Optional.empty();
    }
    return Optional.of(new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(terminal))
        .build());
  }
}
