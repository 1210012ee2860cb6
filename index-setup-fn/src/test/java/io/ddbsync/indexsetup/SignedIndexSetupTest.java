package io.ddbsync.indexsetup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.opensearch.client.OpenSearchClients;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The index setup through the SigV4 transport the function uses for a managed domain: every request
 * the node receives was signed for service es in the function's region with its credentials, and a
 * second run leaves the same state.
 */
class SignedIndexSetupTest {

  private static final List<String> PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey");

  @BeforeAll
  static void credentials() {
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "secret");
  }

  @AfterAll
  static void clear() {
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void setupRunsSignedAndIsIdempotent() throws Exception {
    SigningChecker node = new SigningChecker(SharedOpenSearch.uri());
    OpenSearchClient client = new OpenSearchClient(
        OpenSearchClients.sigv4(URI.create("https://search-x.eu-west-1.es.amazonaws.com"), "es",
            Region.EU_WEST_1, DefaultCredentialsProvider.builder().build(), node));
    OpenSearchCalls calls = new OpenSearchCalls(client.generic());
    IndexBootstrap bootstrap = new IndexBootstrap(calls, IndexTemplate.packaged());
    String index = IndexBootstrapTest.newIndex("signed");

    assertThat(bootstrap.apply(index)).isEqualTo(IndexBootstrap.Outcome.CREATED);
    IndexState first = IndexState.read(calls, index);
    assertThat(bootstrap.apply(index)).isEqualTo(IndexBootstrap.Outcome.PRESENT);

    assertThat(IndexState.read(calls, index)).isEqualTo(first);
    assertThat(first.writeGeneration()).contains(1);
    assertThat(node.unsigned).as("requests without a valid SigV4 es signature").isEmpty();
    assertThat(node.signed).isGreaterThanOrEqualTo(6);
  }

  /**
   * Stands in for the domain's endpoint: checks each request's Authorization header (SigV4, the
   * credentials' key id, scope eu-west-1/es, host and date signed), then forwards it over plain HTTP to
   * the embedded node, which ignores authentication.
   */
  static final class SigningChecker implements SdkHttpClient {
    final List<String> unsigned = new CopyOnWriteArrayList<>();
    volatile int signed;
    private final URI node;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();

    SigningChecker(URI node) {
      this.node = node;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      SdkHttpRequest r = request.httpRequest();
      String date = r.firstMatchingHeader("X-Amz-Date").orElse("");
      String authorization = r.firstMatchingHeader("Authorization").orElse("");
      boolean valid = date.matches("\\d{8}T\\d{6}Z")
          && authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + date.substring(0, 8) + "/eu-west-1/es/aws4_request")
          && authorization.matches(".*SignedHeaders=[^,]*host[^,]*x-amz-date.*")
          && authorization.matches(".*Signature=[0-9a-f]{64}$");
      if (valid) {
        signed++;
      } else {
        unsigned.add(r.method() + " " + r.encodedPath() + ": " + authorization);
      }
      SdkHttpRequest forwarded = r.toBuilder().protocol(node.getScheme()).host(node.getHost()).port(node.getPort()).build();
      return http.prepareRequest(HttpExecuteRequest.builder().request(forwarded).contentStreamProvider(request.contentStreamProvider().orElse(null)).build());
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
