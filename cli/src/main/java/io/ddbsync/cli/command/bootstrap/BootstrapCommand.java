package io.ddbsync.cli.command.bootstrap;

import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuthOption;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import io.ddbsync.indexsetup.IndexBootstrap;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddbsync bootstrap}: what the stack's index setup does, for each routed index. */
@Command(
    name = "bootstrap",
    description = {
      "Applies the index template (opensearch/index-template.json) to each index's generations and, for",
      "an index not set up yet, creates generation <index>-000001 behind the write alias <index> and the",
      "alias <index>-live, which hides tombstones. The stack's index setup does the same. Safe to run again."
    },
    mixinStandardHelpOptions = true)
public final class BootstrapCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--opensearch", required = true, paramLabel = "URL", description = "The OpenSearch endpoint.")
  URI openSearch;

  @Option(names = "--index", arity = "1..*", required = true, paramLabel = "INDEX", description = "Routed indices.")
  List<String> indices;

  @Mixin OpenSearchAuthOption openSearchAuth;

  @Option(names = "--region", description = "AWS region of a signed --opensearch (default: the SDK's region chain).")
  Optional<String> region = Optional.empty();

  @Override
  public Integer call() {
    List<IndexBootstrap.Result> results;
    try (OpenSearchConnection connection = openSearchAuth.connect(openSearch, region)) {
      results = IndexTemplates.apply(connection, indices);
    }
    for (IndexBootstrap.Result result : results) {
      String index = result.index();
      spec.commandLine().getOut().println(switch (result.outcome()) {
        case CREATED -> index + ": template ddbsync-" + index + ", generation " + index + "-000001, aliases " + index + " and " + index + "-live created";
        case PRESENT -> index + ": template ddbsync-" + index + " applied; generations and aliases already set up";
        case LEGACY -> index + ": physical index of the first layout, alias " + index + "-live applied;"
            + " migrate it to generations with: ddbsync reindex --opensearch " + openSearch + " --index " + index;
      });
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
