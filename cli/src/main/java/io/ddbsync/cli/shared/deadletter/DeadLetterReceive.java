package io.ddbsync.cli.shared.deadletter;

import picocli.CommandLine.Option;

/** How {@code redrive} and {@code replay} receive from a dead-letter queue. */
public final class DeadLetterReceive {

  @Option(names = "--visibility-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long received dead-letter messages stay hidden while the command runs (default: ${DEFAULT-VALUE}).")
  public int visibilitySeconds;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "1", hidden = true,
      description = "Long-poll wait of each receive; an empty receive ends the run.")
  public int waitSeconds;
}
