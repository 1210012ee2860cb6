package io.ddbsync.template;

import io.ddbsync.enrichment.EnrichmentHandler;
import io.ddbsync.enrichment.EnrichmentVariable;
import io.ddbsync.function.config.Variable;
import io.ddbsync.indexer.IndexerHandler;
import io.ddbsync.indexer.IndexerVariable;
import io.ddbsync.indexsetup.IndexSetupHandler;
import io.ddbsync.indexsetup.IndexSetupVariable;
import java.util.List;
import java.util.Map;

/** Each function's configuration contract, by the handler class the template names. */
final class FunctionContracts {

  static final Map<String, List<Variable>> BY_HANDLER = Map.of(
      EnrichmentHandler.class.getName(), List.of(EnrichmentVariable.values()),
      IndexerHandler.class.getName(), List.of(IndexerVariable.values()),
      IndexSetupHandler.class.getName(), List.of(IndexSetupVariable.values()));

  private FunctionContracts() {}
}
