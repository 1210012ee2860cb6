package io.ddbsync.cli.shared.opensearch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Signs OpenSearch requests with SigV4 for {@code service} "es" (OpenSearch Service) or "aoss"
 * (Serverless), resolving the credentials for each request so that rotated ones are picked up.
 */
public record SigV4Signer(String service, Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  /** The headers of the signed request ({@code headers} included), to send with exactly this method, URI and body. */
  public Map<String, List<String>> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
    SignedRequest signed = SIGNER.sign(r -> r
        .identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
        // Serverless refuses requests without x-amz-content-sha256, which only a signed payload adds.
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    return signed.request().headers();
  }
}
