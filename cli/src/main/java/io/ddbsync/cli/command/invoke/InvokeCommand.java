package io.ddbsync.cli.command.invoke;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.local.esm.SqsEvents;
import io.ddbsync.cli.local.function.FunctionLog;
import io.ddbsync.cli.local.function.Functions;
import io.ddbsync.cli.local.function.LocalContext;
import io.ddbsync.cli.shared.error.UserError;
import io.ddbsync.cli.shared.template.EnvVars;
import io.ddbsync.cli.shared.template.PipelineSettings.FunctionSettings;
import io.ddbsync.cli.shared.template.TemplateSettings;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.embedded.EmbeddedOpenSearch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddbsync invoke}: what {@code sam local invoke -e FILE} does, without Docker: the function's
 * handler runs in this JVM with the template's environment variables (overridable with
 * {@code --env}), and its JSON response is printed. Its logs go to a file.
 */
@Command(
    name = "invoke",
    description = "Invokes a function of the template in-process with an event file and prints its response.",
    mixinStandardHelpOptions = true)
public final class InvokeCommand implements Callable<Integer> {

  /** The two functions of the template. */
  public enum Function {
    enrichment,
    indexer
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FUNCTION", description = "enrichment or indexer.")
  Function function;

  @Option(names = "--event", required = true, paramLabel = "FILE", description = "The event, as sam local invoke -e takes it.")
  Path event;

  @Option(names = "--env", paramLabel = "K=V", description = "Set or override an environment variable of the function.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--template", defaultValue = "pipeline.yaml", description = "The SAM template (default: ${DEFAULT-VALUE}).")
  Path template;

  @Option(names = "--env-vars", paramLabel = "FILE",
      description = "Environment overrides by function, as for sam local invoke (e.g. samples/env.json).")
  Path envVars;

  @Option(names = "--log-dir", defaultValue = "${sys:ddbsync.logDir:-.ddbsync}",
      description = "Where function logs go (default: .ddbsync).")
  Path logDir;

  @Override
  public Integer call() throws Exception {
    var settings = (envVars == null ? EnvVars.none() : EnvVars.read(envVars)).applyTo(TemplateSettings.load(template));
    FunctionSettings settingsOf = function == Function.enrichment ? settings.enrichment() : settings.indexer();
    JsonNode payload = read(event);
    PrintWriter out = spec.commandLine().getOut();
    String response;
    try (FunctionLog log = FunctionLog.open(logDir.resolve("functions.log")).capture()) {
      response = function == Function.enrichment
          ? invokeEnrichment(settingsOf, payload)
          : invokeIndexer(settingsOf, payload);
      spec.commandLine().getErr().println("ddbsync: function logs in " + log.file());
      spec.commandLine().getErr().flush();
    }
    out.println(response);
    out.flush();
    return 0;
  }

  private String invokeEnrichment(FunctionSettings settings, JsonNode payload) throws IOException {
    RequestStreamHandler handler = Functions.instantiate(
        settings.handler(), settings.environmentWith(env), RequestStreamHandler.class);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream input = Files.newInputStream(event)) {
      handler.handleRequest(input, output, new LocalContext(settings.name(), settings.timeoutSeconds(), settings.memoryMb()));
    } catch (RuntimeException e) {
      throw new UserError("the enrichment function failed on " + event + ": " + e.getMessage(), e);
    }
    JsonNode response = ChangeMessages.MAPPER.readTree(output.toByteArray());
    return ChangeMessages.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response);
  }

  private String invokeIndexer(FunctionSettings settings, JsonNode payload) throws IOException {
    SQSEvent sqsEvent = SqsEvents.fromJson(payload, event.toString());
    Map<String, String> environment = settings.environmentWith(env);
    EmbeddedOpenSearch node = null;
    if (!env.containsKey("OPENSEARCH_ENDPOINT")) {
      node = EmbeddedOpenSearch.start();
      environment.put("OPENSEARCH_ENDPOINT", node.httpUri().toString());
      environment.put("OPENSEARCH_AUTH", "none");
      environment.put("OPENSEARCH_SECRET_ARN", "");
    }
    try {
      @SuppressWarnings("unchecked")
      RequestHandler<SQSEvent, SQSBatchResponse> handler =
          Functions.instantiate(settings.handler(), environment, RequestHandler.class);
      SQSBatchResponse response;
      try {
        response = handler.handleRequest(sqsEvent,
            new LocalContext(settings.name(), settings.timeoutSeconds(), settings.memoryMb()));
      } catch (RuntimeException e) {
        throw new UserError("the indexer function failed on " + event + ": " + e.getMessage(), e);
      }
      ObjectNode json = ChangeMessages.MAPPER.createObjectNode();
      ArrayNode failures = json.putArray("batchItemFailures");
      if (response != null && response.getBatchItemFailures() != null) {
        response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
      }
      return ChangeMessages.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("event file " + file + " does not exist");
    }
    try {
      return ChangeMessages.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserError("event file " + file + " is not JSON: " + e.getMessage(), e);
    }
  }
}
