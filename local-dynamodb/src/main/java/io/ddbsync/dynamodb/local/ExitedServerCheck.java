package io.ddbsync.dynamodb.local;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * For SDK clients of a dynalite server this JVM started: once that server's process has exited, a call
 * fails at once with {@link LocalDynamoDbExitedException} (exit code, last output), and a call that was
 * under way when it died fails with that instead of "Connection refused". Harmless for any other endpoint.
 */
public final class ExitedServerCheck implements ExecutionInterceptor {

    /** How long a failed call waits for this JVM to reap a process that just died. */
    private static final Duration REAPING = Duration.ofSeconds(2);

    private final URI endpoint;

    public ExitedServerCheck(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        LocalDynamoDb.exitedAt(endpoint).ifPresent(exit -> {
            throw exit;
        });
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        Throwable failure = context.exception();
        // A service error means the server answered. The SDK accepts in place of a failure only an instance
        // of its class, which for a connection failure is SdkClientException itself.
        if (failure.getClass() != SdkClientException.class) {
            return failure;
        }
        return LocalDynamoDb.exitedAt(endpoint, REAPING).<Throwable>map(exit -> {
            exit.addSuppressed(failure);
            return exit;
        }).orElse(failure);
    }
}
