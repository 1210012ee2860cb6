package io.ddbsync.cli.local.function;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.enrichment.EnrichmentHandler;
import io.ddbsync.indexer.IndexerConfig;
import io.ddbsync.indexer.IndexerHandler;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds a function's handler the way the CLI runs it in-process: the handler the template's
 * {@code Handler} names, given its configuration record read from the template's environment
 * variables. The process environment is never touched, so two functions with different variables
 * live in one JVM.
 */
public final class Functions {

  /** The functions this CLI can run, by handler class: each reads its own configuration record. */
  private static final Map<String, Function<Map<String, String>, Object>> HANDLERS = Map.of(
      EnrichmentHandler.class.getName(), env -> new EnrichmentHandler(EnrichmentConfig.fromEnv(env)),
      IndexerHandler.class.getName(), env -> new IndexerHandler(IndexerConfig.fromEnv(env)));

  private Functions() {}

  /** The class part of a handler string such as {@code io.ddbsync.enrichment.EnrichmentHandler::handleRequest}. */
  public static String handlerClass(String handler) {
    int method = handler.indexOf("::");
    return method < 0 ? handler : handler.substring(0, method);
  }

  /** An SQS-event handler such as the indexer's. */
  @SuppressWarnings("unchecked")
  public static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(String handler, Map<String, String> environment) {
    return instantiate(handler, environment, RequestHandler.class);
  }

  public static <T> T instantiate(String handler, Map<String, String> environment, Class<T> expected) {
    String className = handlerClass(handler);
    Function<Map<String, String>, Object> factory = HANDLERS.get(className);
    if (factory == null) {
      throw new UserError("handler " + className + " is not one of the functions the CLI runs: "
          + String.join(", ", new TreeSet<>(HANDLERS.keySet())) + " (Handler: " + handler + ")");
    }
    Object function;
    try {
      function = factory.apply(environment);
    } catch (RuntimeException e) {
      throw new UserError("handler " + className + " failed to start: " + e.getMessage(), e);
    }
    if (!expected.isInstance(function)) {
      throw new UserError("handler " + className + " is not a " + expected.getSimpleName());
    }
    return expected.cast(function);
  }
}
