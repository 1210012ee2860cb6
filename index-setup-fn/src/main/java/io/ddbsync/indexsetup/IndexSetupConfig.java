package io.ddbsync.indexsetup;

import static io.ddbsync.indexsetup.IndexSetupVariable.OPENSEARCH_AUTH;
import static io.ddbsync.indexsetup.IndexSetupVariable.OPENSEARCH_ENDPOINT;
import static io.ddbsync.indexsetup.IndexSetupVariable.OPENSEARCH_SECRET_ARN;

import io.ddbsync.function.config.ConfigurationException;
import io.ddbsync.function.config.Environment;
import io.ddbsync.opensearch.client.AuthMode;
import java.net.URI;
import java.util.Map;

/**
 * The index-setup function's settings, read once from its environment ({@link IndexSetupVariable}:
 * the indexer's names and defaults, so both reach OpenSearch the same way). The indices come with
 * each request, from the custom resource's properties {@code Routes} and {@code DefaultIndex}.
 */
public record IndexSetupConfig(URI openSearchEndpoint, AuthMode auth, String secretArn) {

  public static IndexSetupConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** @throws ConfigurationException naming the bad variable */
  public static IndexSetupConfig from(Map<String, String> variables) {
    Environment env = new Environment(variables);
    String endpoint = env.text(OPENSEARCH_ENDPOINT);
    if (!endpoint.matches("https?://[^/]+/?")) {
      throw new ConfigurationException(OPENSEARCH_ENDPOINT,
          "must be scheme://host[:port], e.g. https://search-x.eu-west-1.es.amazonaws.com, not '" + endpoint + "'");
    }
    AuthMode auth = env.choice(OPENSEARCH_AUTH, AuthMode.class);
    String secretArn = env.text(OPENSEARCH_SECRET_ARN);
    if ((auth == AuthMode.BASIC) == secretArn.isEmpty()) {
      throw new ConfigurationException(OPENSEARCH_SECRET_ARN, "must be set with OPENSEARCH_AUTH=basic, and only then");
    }
    return new IndexSetupConfig(URI.create(endpoint), auth, secretArn);
  }
}
