package io.ddbsync.cli.command.bootstrap;

import io.ddbsync.cli.shared.opensearch.IndexTemplates;
import io.ddbsync.cli.shared.opensearch.OpenSearchAuthOption;
import io.ddbsync.cli.shared.opensearch.OpenSearchConnection;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddbsync bootstrap}: the index template, index and live alias for each routed index. */
@Command(
    name = "bootstrap",
    description = {
      "Applies the index template (opensearch/index-template.json) to each index, creates the index",
      "and its <index>-live alias, which hides tombstones. Safe to run again."
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
    try (OpenSearchConnection connection = openSearchAuth.connect(openSearch, region)) {
      IndexTemplates.apply(connection, indices);
    }
    for (String index : indices) {
      spec.commandLine().getOut().printf("%s: template ddbsync-%s, index and alias %s-live applied%n", index, index, index);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
