package io.ddbsync.cli.command.replay;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;

/**
 * What a real stream does to a reader and the local Streams API does not, made on a client's
 * GetRecords calls: small pages ({@link #PAGE} records), throttling and an iterator that expires. A
 * fault replaces the answer by the error the service writes, so the SDK's own retries see it as
 * they would see the service's.
 */
final class StreamsReadFaults implements ExecutionInterceptor {

  static final int PAGE = 2;

  /** The next this many GetRecords calls are refused with LimitExceededException. */
  final AtomicInteger throttledGetRecords = new AtomicInteger();
  /** The GetRecords call (counted from 0) whose iterator has expired; -1 for none. */
  volatile int expireGetRecordsCall = -1;
  /** GetRecords calls answered with ExpiredIteratorException. */
  final AtomicInteger expired = new AtomicInteger();
  private final AtomicInteger getRecordsCalls = new AtomicInteger();

  private static final ExecutionAttribute<String> FAULT = new ExecutionAttribute<>("StreamsReadFault");

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    return context.request() instanceof GetRecordsRequest request ? request.toBuilder().limit(PAGE).build()
        : context.request();
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof GetRecordsRequest)) {
      return context.httpResponse();
    }
    String fault = throttledGetRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? "LimitExceededException"
        : getRecordsCalls.getAndIncrement() == expireGetRecordsCall ? "ExpiredIteratorException" : "";
    if (fault.equals("ExpiredIteratorException")) {
      expired.incrementAndGet();
    }
    attributes.putAttribute(FAULT, fault); // per attempt: the SDK's retry of a faulted call comes here again
    return fault.isEmpty() ? context.httpResponse() : context.httpResponse().toBuilder().statusCode(400).build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    String fault = attributes.getAttribute(FAULT);
    if (fault == null || fault.isEmpty()) {
      return context.responseBody();
    }
    String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + fault + "\",\"message\":\"injected " + fault + "\"}";
    return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }
}
