package io.ddbsync.indexsetup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.function.log.JsonLog;
import io.ddbsync.indexsetup.cfn.CustomResource;
import io.ddbsync.indexsetup.cfn.CustomResourceEvent;
import io.ddbsync.indexsetup.cfn.CustomResourceResponse;
import io.ddbsync.indexsetup.cfn.ResponseSender;
import io.ddbsync.item.route.Router;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.client.OpenSearchClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Lambda entry point of the stack's index-setup custom resource: unpacks the CloudFormation
 * request, runs {@link IndexBootstrap} for the indices its {@code Routes} and {@code DefaultIndex}
 * properties name (Create and Update; Delete keeps everything), and answers CloudFormation, always.
 * A configuration error is answered too, as the failure's reason, instead of failing the cold start
 * and leaving the stack waiting.
 */
public final class IndexSetupHandler implements RequestStreamHandler {

  /* Kept back from the invocation's time to send the response after a timed-out setup. */
  static final Duration RESPONSE_MARGIN = Duration.ofSeconds(10);

  private final Optional<IndexBootstrap> bootstrap;
  private final String configurationError;
  private final ResponseSender sender;
  private final JsonLog log;

  /** Used by Lambda: configuration from the environment, the client built once. */
  public IndexSetupHandler() {
    JsonLog log = new JsonLog("ddbsync-index-setup", JsonLog.Level.INFO, System.out, Clock.systemUTC());
    Optional<IndexBootstrap> bootstrap = Optional.empty();
    String error = "";
    try {
      bootstrap = Optional.of(bootstrap(IndexSetupConfig.fromEnvironment()));
    } catch (RuntimeException e) {
      error = "index setup is misconfigured: " + e.getMessage();
      log.log(JsonLog.Level.ERROR, "configuration refused", Map.of("reason", error));
    }
    this.bootstrap = bootstrap;
    this.configurationError = error;
    this.sender = new ResponseSender();
    this.log = log;
  }

  /** With collaborators, for tests. */
  IndexSetupHandler(IndexBootstrap bootstrap, ResponseSender sender, JsonLog log) {
    this.bootstrap = Optional.of(bootstrap);
    this.configurationError = "";
    this.sender = sender;
    this.log = log;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    CustomResourceEvent event = CustomResourceEvent.parse(ChangeMessages.MAPPER.readTree(input));
    CustomResourceResponse response;
    if (bootstrap.isEmpty()) {
      response = CustomResource.refuse(event, configurationError);
      sender.send(event.responseUrl(), response);
    } else {
      Duration timeLeft = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
      response = new CustomResource(this::setUp, sender).handle(event, timeLeft);
    }
    log.log(response.success() ? JsonLog.Level.INFO : JsonLog.Level.ERROR, "custom resource answered",
        Map.of("requestType", event.requestType().name(), "requestId", event.requestId(),
            "status", response.success() ? "SUCCESS" : "FAILED", "reason", response.reason()));
  }

  private String setUp(CustomResourceEvent event) throws IOException {
    List<String> indices = indices(event.resourceProperties());
    List<IndexBootstrap.Result> results = bootstrap.orElseThrow().apply(indices);
    return results.isEmpty()
        ? "no index to set up (Routes and DefaultIndex are empty)"
        : results.stream().map(r -> r.index() + ": " + r.outcome().name().toLowerCase()).collect(Collectors.joining(", "));
  }

  /** The indices named by the resource's {@code Routes} and {@code DefaultIndex} properties. */
  static List<String> indices(JsonNode properties) {
    List<io.ddbsync.item.route.Route> routes;
    try {
      routes = Router.parseRoutes(properties.path("Routes").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Routes: " + e.getMessage(), e);
    }
    String defaultIndex = properties.path("DefaultIndex").asText("").strip();
    if (!defaultIndex.isEmpty()) {
      try {
        Router.checkIndexName(defaultIndex);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("DefaultIndex: " + e.getMessage(), e);
      }
    }
    return new Router(routes, Optional.of(defaultIndex).filter(s -> !s.isEmpty())).indices();
  }

  private static IndexBootstrap bootstrap(IndexSetupConfig config) {
    OpenSearchClient client = new OpenSearchClient(OpenSearchClients.transport(
        config.openSearchEndpoint(), config.auth(), config.secretArn(), IndexSetupHandler::secret));
    return new IndexBootstrap(new OpenSearchCalls(client.generic()), IndexTemplate.packaged());
  }

  private static String secret(String arn) {
    try (SecretsManagerClient secrets =
        SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      return secrets.getSecretValue(request -> request.secretId(arn)).secretString();
    }
  }
}
