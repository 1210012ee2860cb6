package io.ddbsync.cli.shared.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ddbsync.cli.Cli;
import io.ddbsync.message.ChangeMessages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Requests through the CLI's OpenSearch connections, received by a local endpoint that records what
 * arrives and refuses (403) a request without a SigV4 Authorization header when it expects one. The
 * SDK transport speaks only HTTPS, so the signing endpoint is an HTTPS server with a certificate made
 * for the test.
 */
class OpenSearchSigningTest {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET"));
  private static final String PASSWORD = "changeit";

  /** What GET / of an OpenSearch node answers, enough for the client's info(). */
  private static final String INFO = """
      {"name":"n","cluster_name":"c","cluster_uuid":"u","tagline":"t","version":{"number":"2.19.0",
      "distribution":"opensearch","build_type":"tar","build_hash":"h","build_date":"2025-01-01T00:00:00Z",
      "build_snapshot":false,"lucene_version":"9.12.0","minimum_wire_compatibility_version":"7.10.0",
      "minimum_index_compatibility_version":"7.0.0"}}""";

  record Received(String method, String path, String authorization, String date, String payloadHash, byte[] body) {}

  @TempDir static Path dir;

  /** The endpoint's key and certificate, made once: key generation is slow. */
  private static Path keyStore;

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeAll
  static void certificate() throws Exception {
    keyStore = dir.resolve("endpoint.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "endpoint", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void domainRequestsAreSignedForServiceEsAndTheRegion() throws Exception {
    URI endpoint = startHttps(true);
    try (OpenSearchConnection connection = OpenSearchConnection.signed(endpoint, "es", Region.EU_WEST_1, CREDENTIALS,
        UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustManagers().getTrustManagers()).build())) {
      connection.ensureReachable();
    }

    Received info = received.get(0);
    assertThat(info.date()).matches("\\d{8}T\\d{6}Z");
    assertThat(info.authorization())
        .startsWith("AWS4-HMAC-SHA256 Credential=AKID/" + info.date().substring(0, 8) + "/eu-west-1/es/aws4_request")
        .contains("SignedHeaders=").contains("host");
  }

  @Test
  void serverlessRequestsCarryTheHashOfTheBodySent() throws Exception {
    URI endpoint = startHttps(true);
    try (OpenSearchConnection connection = OpenSearchConnection.signed(endpoint, "aoss", Region.EU_WEST_1, CREDENTIALS,
        UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustManagers().getTrustManagers()).build())) {
      connection.client().index(i -> i.index("orders").id("a").document(
          ChangeMessages.MAPPER.createObjectNode().put("name", "é")));
    }

    Received put = received.get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.path()).isEqualTo("/orders/_doc/a");
    assertThat(put.authorization()).contains("/eu-west-1/aoss/aws4_request").contains("x-amz-content-sha256");
    assertThat(put.payloadHash()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(put.body())));
    assertThat(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"é\"}");
  }

  @Test
  void bootstrapSignsEveryRequestWithTheDefaultCredentialChain() throws Exception {
    URI endpoint = startHttps(true);
    String[] properties = {"aws.accessKeyId", "aws.secretAccessKey", "javax.net.ssl.trustStore",
        "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
    String[] values = {"AKID", "SECRET", keyStore.toString(), PASSWORD, "PKCS12"};
    String[] previous = new String[properties.length];
    for (int i = 0; i < properties.length; i++) {
      previous[i] = System.setProperty(properties[i], values[i]);
    }
    Cli.Result run;
    try {
      run = Cli.run("bootstrap", "--opensearch", endpoint.toString(), "--index", "orders",
          "--opensearch-auth", "sigv4-es", "--region", "us-east-1");
    } finally {
      for (int i = 0; i < properties.length; i++) {
        restore(properties[i], previous[i]);
      }
    }

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(received).extracting(Received::path)
        .containsExactly("/", "/_index_template/ddbsync-orders", "/orders,orders-0*,orders-live/_alias", "/orders-000001");
    assertThat(received).allSatisfy(request ->
        assertThat(request.authorization()).contains("Credential=AKID/").contains("/us-east-1/es/aws4_request"));
  }

  @Test
  void unsignedRequestsCarryNoSignature() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> answer(exchange, false));
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

    try (OpenSearchConnection connection = OpenSearchConnection.plain(endpoint)) {
      connection.ensureReachable();
    }

    assertThat(received).hasSize(1);
    assertThat(received.get(0).authorization()).isNull();
    assertThat(received.get(0).date()).isNull();
  }

  @Test
  void signingOverPlainHttpIsAUserError() {
    Cli.Result run = Cli.run("bootstrap", "--opensearch", "http://127.0.0.1:9", "--index", "orders",
        "--opensearch-auth", "sigv4-aoss", "--region", "us-east-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("SigV4 requests go over HTTPS", "http://127.0.0.1:9");
  }

  @Test
  void unknownAuthModeIsAUsageErrorListingTheModes() {
    Cli.Result run = Cli.run("verify", "--table", "t", "--opensearch", "http://127.0.0.1:9", "--opensearch-auth", "basic");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--opensearch-auth", "expected none, sigv4-es or sigv4-aoss but was 'basic'");
  }

  /** An HTTPS endpoint on loopback; with {@code requireSignature} it answers 403 to unsigned requests. */
  private URI startHttps(boolean requireSignature) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext("/", exchange -> answer(exchange, requireSignature));
    https.start();
    server = https;
    return URI.create("https://127.0.0.1:" + https.getAddress().getPort());
  }

  private static TrustManagerFactory trustManagers() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(in, PASSWORD.toCharArray());
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(HttpExchange exchange, boolean requireSignature) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), authorization,
        exchange.getRequestHeaders().getFirst("X-Amz-Date"), exchange.getRequestHeaders().getFirst("x-amz-content-sha256"),
        body));
    boolean signed = authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=");
    int status = requireSignature && !signed ? 403 : 200;
    String answer = status == 403 ? "{\"message\":\"missing signature\"}"
        : exchange.getRequestURI().getPath().equals("/") ? INFO
        : exchange.getRequestURI().getPath().contains("_doc")
            ? "{\"_index\":\"orders\",\"_id\":\"a\",\"_version\":1,\"result\":\"created\",\"_seq_no\":0,\"_primary_term\":1,"
                + "\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0}}"
            : "{\"acknowledged\":true}";
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}
