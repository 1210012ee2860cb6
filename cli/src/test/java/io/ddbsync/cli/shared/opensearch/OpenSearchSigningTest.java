package io.ddbsync.cli.shared.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.Commands;
import io.ddbsync.cli.TestTables;
import io.ddbsync.cli.command.backfill.BackfillCommand;
import io.ddbsync.cli.command.verify.VerifyCommand;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class OpenSearchSigningTest {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET"));

  @TempDir Path dir;

  @Test
  void signedRequestCarriesSigV4ForTheServiceAndRegion() {
    OpenSearchHttp openSearch = new OpenSearchHttp(URI.create("https://search-x.eu-west-1.es.amazonaws.com"),
        Optional.of(new SigV4Signer("es", Region.EU_WEST_1, CREDENTIALS)));

    HttpRequest request = openSearch.request("POST", "/orders/_search?scroll=2m", "{\"size\":10}");

    String date = request.headers().firstValue("X-Amz-Date").orElseThrow();
    assertThat(date).matches("\\d{8}T\\d{6}Z");
    assertThat(request.headers().firstValue("Authorization")).hasValueSatisfying(authorization -> assertThat(authorization)
        .startsWith("AWS4-HMAC-SHA256 Credential=AKID/" + date.substring(0, 8) + "/eu-west-1/es/aws4_request")
        .contains("SignedHeaders=content-type;host;"));
    assertThat(request.headers().firstValue("Host")).as("java.net.http sets Host itself").isEmpty();
  }

  @Test
  void serverlessRequestCarriesThePayloadHash() throws Exception {
    String body = "{\"query\":{\"match_all\":{}}}";
    OpenSearchHttp openSearch = new OpenSearchHttp(URI.create("https://abc.eu-west-1.aoss.amazonaws.com"),
        Optional.of(new SigV4Signer("aoss", Region.EU_WEST_1, CREDENTIALS)));

    HttpRequest request = openSearch.request("POST", "/orders/_search", body);

    assertThat(request.headers().firstValue("Authorization")).hasValueSatisfying(authorization ->
        assertThat(authorization).contains("/eu-west-1/aoss/aws4_request").contains("x-amz-content-sha256"));
    assertThat(request.headers().firstValue("x-amz-content-sha256")).contains(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void unsignedRequestCarriesNoSignature() {
    HttpRequest request = new OpenSearchHttp(URI.create("http://127.0.0.1:9200")).request("GET", "/", null);

    assertThat(request.headers().firstValue("Authorization")).isEmpty();
    assertThat(request.headers().firstValue("X-Amz-Date")).isEmpty();
  }

  @Test
  void signedRequestsReachANodeThatIgnoresAuth() {
    OpenSearchHttp openSearch = new OpenSearchHttp(SharedOpenSearch.uri(),
        Optional.of(new SigV4Signer("aoss", Region.US_EAST_1, CREDENTIALS)));
    String index = "signed-" + ProcessHandle.current().pid();

    openSearch.ensureReachable();
    openSearch.json("PUT", "/" + index + "/_doc/a?refresh=true", "{\"name\":\"é\"}");

    assertThat(openSearch.json("GET", "/" + index + "/_count", null).path("count").asLong()).isEqualTo(1);
  }

  @Test
  void backfillAndVerifySignWithTheDefaultCredentialChain() {
    TestTables tables = new TestTables(11);
    tables.load(30);
    List<String> signing = List.of("--opensearch-auth", "sigv4-es", "--region", "us-east-1");
    String previousKey = System.setProperty("aws.accessKeyId", "AKID");
    String previousSecret = System.setProperty("aws.secretAccessKey", "SECRET");
    try {
      List<String> backfillOptions = new ArrayList<>(tables.directBackfillOptions(dir.resolve("checkpoint.json")));
      backfillOptions.addAll(signing);
      Commands.Run backfill = Commands.run(new BackfillCommand(), backfillOptions, List.of());
      assertThat(backfill.exitCode()).as(backfill.err()).isZero();
      assertThat(backfill.json().path("written").asLong()).isEqualTo(30);

      Commands.Run verify = tables.verify(signing);
      assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    } finally {
      restore("aws.accessKeyId", previousKey);
      restore("aws.secretAccessKey", previousSecret);
    }
  }

  @Test
  void unknownAuthModeIsAUsageErrorListingTheModes() {
    Commands.Run run = Commands.run(new VerifyCommand(),
        List.of("--table", "t", "--opensearch", "http://127.0.0.1:9", "--opensearch-auth", "basic"), List.of());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--opensearch-auth", "expected none, sigv4-es or sigv4-aoss but was 'basic'");
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}
