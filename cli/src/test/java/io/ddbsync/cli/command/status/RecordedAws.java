package io.ddbsync.cli.command.status;

import io.ddbsync.cli.shared.aws.PipesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * An HTTP client answering the SDK's CloudFormation and CloudWatch clients and {@link PipesClient} with
 * the response bodies under {@code status/recorded/<scenario>/}: {@code <Action>.xml} (CloudFormation,
 * AWS query protocol), {@code <Action>.json} (Pipes, and CloudWatch's, sent as CBOR as the SDK's
 * Smithy RPC v2 protocol expects), with {@code <Action>.status} for a status other than 200.
 * {@code ${NAME}} in a body is replaced by the test's variables. The bodies follow the response
 * syntax of each API reference, with the values of a stack deployed from pipeline.yaml.
 */
final class RecordedAws implements SdkHttpClient {

  static final Region REGION = Region.US_EAST_1;

  /** One request the SDK sent: its action and body (the query string or CBOR request, as text where it is). */
  record Call(String action, SdkHttpRequest request, byte[] body) {}

  private final String scenario;
  private final Map<String, String> variables;
  final List<Call> calls = new ArrayList<>();

  RecordedAws(String scenario, Map<String, String> variables) {
    this.scenario = scenario;
    this.variables = variables;
  }

  /** {@link AwsStackReads} whose every call this client answers. */
  AwsStackReads reads() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    return new AwsStackReads(
        CloudFormationClient.builder().httpClient(this).region(REGION).credentialsProvider(credentials).build(),
        CloudWatchClient.builder().httpClient(this).region(REGION).credentialsProvider(credentials).build(),
        new PipesClient(this, credentials, REGION, PipesClient.endpoint(REGION)));
  }

  List<String> actions() {
    return calls.stream().map(Call::action).toList();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return answer(request.httpRequest(), request.contentStreamProvider().map(p -> read(p.newStream())).orElse(new byte[0]));
      }

      @Override
      public void abort() {}
    };
  }

  private HttpExecuteResponse answer(SdkHttpRequest request, byte[] body) {
    String host = request.host();
    String action;
    boolean cbor = false;
    if (host.startsWith("cloudformation.")) {
      action = queryParameter(new String(body, StandardCharsets.UTF_8), "Action");
    } else if (host.startsWith("monitoring.")) {
      action = request.encodedPath().substring(request.encodedPath().lastIndexOf('/') + 1);
      cbor = true;
    } else if (host.startsWith("pipes.") && request.encodedPath().startsWith("/v1/pipes/")) {
      action = "DescribePipe";
    } else {
      throw new IllegalStateException("no recorded AWS service at " + request.getUri());
    }
    calls.add(new Call(action, request, body));
    String extension = host.startsWith("cloudformation.") ? ".xml" : ".json";
    String text = resource(action + extension).orElseThrow(() ->
        new IllegalStateException("no recorded response " + scenario + "/" + action + extension));
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      text = text.replace("${" + variable.getKey() + "}", variable.getValue());
    }
    int status = resource(action + ".status").map(s -> Integer.parseInt(s.strip())).orElse(200);
    byte[] payload = cbor ? cbor(text) : text.getBytes(StandardCharsets.UTF_8);
    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
        .putHeader("Content-Length", Integer.toString(payload.length))
        .putHeader("x-amzn-RequestId", "recorded");
    if (cbor) {
      response.putHeader("Content-Type", "application/cbor").putHeader("smithy-protocol", "rpc-v2-cbor");
    } else {
      response.putHeader("Content-Type", host.startsWith("cloudformation.") ? "text/xml" : "application/json");
    }
    return HttpExecuteResponse.builder().response(response.build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(payload))).build();
  }

  private Optional<String> resource(String name) {
    try (InputStream in = RecordedAws.class.getResourceAsStream("/status/recorded/" + scenario + "/" + name)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String queryParameter(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException("no " + name + " in " + form);
  }

  /** The JSON document as CBOR. */
  private static byte[] cbor(String json) {
    try {
      return transcode(new JsonFactory().createParser(json), new CBORFactory()).toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CBOR request body as JSON text, for assertions. */
  static String json(byte[] cbor) {
    try {
      return transcode(new CBORFactory().createParser(cbor), new JsonFactory()).toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteArrayOutputStream transcode(JsonParser from, JsonFactory to) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (from; JsonGenerator generator = to.createGenerator(out)) {
      while (from.nextToken() != null) {
        generator.copyCurrentEvent(from);
      }
    }
    return out;
  }

  private static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {}

  @Override
  public String clientName() {
    return "recorded";
  }
}
