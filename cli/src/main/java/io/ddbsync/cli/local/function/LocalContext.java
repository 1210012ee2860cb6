package io.ddbsync.cli.local.function;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The Lambda {@link Context} of one local invocation; its logger writes to stdout, as Lambda's does. */
public final class LocalContext implements Context {

  private final String functionName;
  private final String requestId = UUID.randomUUID().toString();
  private final long deadline;
  private final int memoryMb;

  public LocalContext(String functionName, int timeoutSeconds, int memoryMb) {
    this(functionName, Duration.ofSeconds(timeoutSeconds), memoryMb);
  }

  public LocalContext(String functionName, Duration timeout, int memoryMb) {
    this.functionName = functionName;
    this.deadline = System.currentTimeMillis() + timeout.toMillis();
    this.memoryMb = memoryMb;
  }

  /**
   * An invocation's duration as Lambda bills it: rounded up to the millisecond, each invocation on its
   * own (AWS Lambda pricing: duration is "rounded up to the nearest 1 ms").
   */
  public static long billedMs(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadline - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.println(message);
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
