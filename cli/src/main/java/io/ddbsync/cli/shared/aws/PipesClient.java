package io.ddbsync.cli.shared.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.cli.shared.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * EventBridge Pipes' {@code DescribePipe}, signed with the SDK's SigV4 signer and sent with the SDK's
 * HTTP client. The SDK's {@code pipes} module is not published at the SDK version this project pins
 * (the registry it builds from stops at an older one), and mixing SDK module versions is unsupported;
 * this one read-only call is all {@code status} needs
 * (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_DescribePipe.html).
 */
public final class PipesClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final Region region;
  private final URI endpoint;

  public PipesClient(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = endpoint;
  }

  /** {@code https://pipes.<region>.<partition domain>}. */
  public static URI endpoint(Region region) {
    String domain = region.metadata() == null ? "amazonaws.com" : region.metadata().domain();
    return URI.create("https://pipes." + region.id() + "." + domain);
  }

  /** The pipe's description (CurrentState, DesiredState, StateReason, ...), or a {@link UserError}. */
  public JsonNode describePipe(String name) {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.GET)
        .uri(endpoint.resolve("/v1/pipes/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(request)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "pipes")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build()).call();
      JsonNode body;
      try (InputStream in = response.responseBody().orElseThrow(() -> new IOException("empty response"))) {
        body = JSON.readTree(in);
      }
      int status = response.httpResponse().statusCode();
      if (status / 100 != 2) {
        throw new UserError("DescribePipe " + name + ": HTTP " + status + " " + body.path("message").asText(body.toString()));
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("DescribePipe " + name + " failed", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
