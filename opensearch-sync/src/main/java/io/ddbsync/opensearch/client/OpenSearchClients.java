package io.ddbsync.opensearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.message.ChangeMessages;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds the OpenSearch client once per container, for the OPENSEARCH_AUTH mode:
 *
 * <ul>
 *   <li>{@code none}, {@code basic}: HTTP client 5 transport; basic credentials come from the
 *       Secrets Manager secret OPENSEARCH_SECRET_ARN ({@code {"username":…,"password":…}});
 *   <li>{@code sigv4-es}, {@code sigv4-aoss}: {@link AwsSdk2Transport} signing with the function's
 *       role, on the URL-connection client, because the SDK's Apache client cannot send a body with
 *       GET or DELETE (opensearch-java user guide, "Amazon OpenSearch Service and Amazon OpenSearch
 *       Serverless", and the {@code AwsSdk2Transport} javadoc).
 * </ul>
 *
 * <p>Documents are serialised with {@link ChangeMessages#MAPPER}'s settings, so big decimals keep
 * every digit in plain notation.
 */
public final class OpenSearchClients {

  /**
   * How long one request may wait for its response: a {@code _bulk} of ten 1 MiB documents on a busy
   * domain can take a while. A retry starts only if this much time is left before the deadline.
   */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final Timeout RESPONSE_TIMEOUT = Timeout.of(REQUEST_TIMEOUT);

  private OpenSearchClients() {}

  /**
   * The transport for {@code endpoint} in {@code auth} mode; {@code secretArn} names the basic-auth
   * secret and {@code secretReader} returns a secret's string by ARN.
   */
  public static OpenSearchTransport transport(
      URI endpoint, AuthMode auth, String secretArn, Function<String, String> secretReader) {
    JacksonJsonpMapper mapper = mapper();
    return switch (auth) {
      case NONE -> http(endpoint, mapper, null);
      case BASIC -> http(endpoint, mapper, credentials(secretArn, secretReader.apply(secretArn)));
      case SIGV4_ES -> sigv4(endpoint, "es", mapper);
      case SIGV4_AOSS -> sigv4(endpoint, "aoss", mapper);
    };
  }

  /** A plain, unauthenticated client for {@code endpoint} (tests, the local CLI). */
  public static OpenSearchClient plain(URI endpoint) {
    return new OpenSearchClient(http(endpoint, mapper(), null));
  }

  /** The JSON mapper: a copy, because JacksonJsonpMapper reconfigures the mapper it is given. */
  public static JacksonJsonpMapper mapper() {
    return new JacksonJsonpMapper(ChangeMessages.MAPPER.copy());
  }

  private static OpenSearchTransport http(
      URI endpoint, JacksonJsonpMapper mapper, UsernamePasswordCredentials credentials) {
    HttpHost host = new HttpHost(endpoint.getScheme(), endpoint.getHost(), port(endpoint));
    return ApacheHttpClient5TransportBuilder.builder(host)
        .setMapper(mapper)
        .setRequestConfigCallback(request -> request.setResponseTimeout(RESPONSE_TIMEOUT))
        .setHttpClientConfigCallback(
            client -> {
              if (credentials != null) {
                BasicCredentialsProvider provider = new BasicCredentialsProvider();
                provider.setCredentials(new AuthScope(host), credentials);
                client.setDefaultCredentialsProvider(provider);
              }
              return client;
            })
        .build();
  }

  private static OpenSearchTransport sigv4(URI endpoint, String service, JacksonJsonpMapper mapper) {
    return sigv4(endpoint, service, DefaultAwsRegionProviderChain.builder().build().getRegion(),
        DefaultCredentialsProvider.builder().build(), urlConnectionClient(), mapper);
  }

  /**
   * A SigV4 transport for {@code service} ({@code es} or {@code aoss}) in {@code region}, signing with
   * {@code credentials} and sending on {@code http} (the CLI's --region and credential chain).
   * {@link AwsSdk2Transport} always speaks HTTPS to the endpoint's host and port.
   */
  public static OpenSearchTransport sigv4(
      URI endpoint, String service, Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
    return sigv4(endpoint, service, region, credentials, http, mapper());
  }

  /** The HTTP client of the SigV4 transport (see the class comment for why not the SDK's Apache client). */
  public static SdkHttpClient urlConnectionClient() {
    return UrlConnectionHttpClient.builder().socketTimeout(RESPONSE_TIMEOUT.toDuration()).build();
  }

  private static OpenSearchTransport sigv4(URI endpoint, String service, Region region,
      AwsCredentialsProvider credentials, SdkHttpClient http, JacksonJsonpMapper mapper) {
    String host = endpoint.getPort() > 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
    return new AwsSdk2Transport(
        http,
        host,
        service,
        region,
        AwsSdk2TransportOptions.builder().setMapper(mapper).setCredentials(credentials).build());
  }

  /** Parses the secret; errors name the secret, never its content. */
  static UsernamePasswordCredentials credentials(String secretArn, String secret) {
    JsonNode json;
    try {
      json = ChangeMessages.MAPPER.readTree(secret);
    } catch (Exception e) {
      throw new IllegalArgumentException("secret " + secretArn + " (OPENSEARCH_SECRET_ARN) is not JSON");
    }
    JsonNode username = json == null ? null : json.get("username");
    JsonNode password = json == null ? null : json.get("password");
    if (username == null || !username.isTextual() || password == null || !password.isTextual()) {
      throw new IllegalArgumentException(
          "secret " + secretArn + " (OPENSEARCH_SECRET_ARN) must be JSON with string fields username and password");
    }
    return new UsernamePasswordCredentials(username.textValue(), password.textValue().toCharArray());
  }

  private static int port(URI endpoint) {
    if (endpoint.getPort() > 0) {
      return endpoint.getPort();
    }
    return "https".equals(endpoint.getScheme()) ? 443 : 80;
  }
}
