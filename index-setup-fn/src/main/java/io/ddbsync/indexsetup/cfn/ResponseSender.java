package io.ddbsync.indexsetup.cfn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * PUTs the response to the pre-signed S3 URL. No Content-Type header: the URL's signature covers the
 * headers it was signed with, and it was signed with none (what cfn-response sends too).
 */
public final class ResponseSender {

  private static final int ATTEMPTS = 3;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @throws IOException when no attempt got a 2xx answer */
  public void send(URI responseUrl, CustomResourceResponse response) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(responseUrl)
        .timeout(Duration.ofSeconds(10))
        .PUT(HttpRequest.BodyPublishers.ofString(response.toJson()))
        .build();
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 == 2) {
          return;
        }
        last = new IOException("the ResponseURL answered HTTP " + answer.statusCode() + ": " + answer.body());
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sending the response", e);
      }
    }
    throw last;
  }
}
