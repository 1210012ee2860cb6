package io.ddbsync.dynamodb.local;

import java.net.URI;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The dynalite server this JVM started has exited while still in use: its tables are gone, so no retry
 * can succeed. Thrown instead of the bare "Connection refused" a client would otherwise see; an
 * {@link SdkClientException}, as the SDK requires of what an interceptor puts in place of one.
 */
public final class LocalDynamoDbExitedException extends SdkClientException {

    private final long pid;
    private final int exitCode;

    LocalDynamoDbExitedException(long pid, int exitCode, URI endpoint, String lastOutput) {
        super(SdkClientException.builder().message("the local DynamoDB server (dynalite, pid " + pid
                + ") exited with code " + exitCode + signal(exitCode) + " while in use at " + endpoint
                + "; its tables are gone. "
                // One line: commands print the first line of an error's message.
                + (lastOutput.isBlank() ? "It printed nothing." : "Its last output: " + lastOutput.replace("\n", " | "))));
        this.pid = pid;
        this.exitCode = exitCode;
    }

    public long pid() {
        return pid;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The JDK reports a process ended by signal N as exit code 128 + N, as shells do. */
    private static String signal(int exitCode) {
        return switch (exitCode) {
            case 128 + 9 -> " (killed by SIGKILL: another process, or the kernel's out-of-memory killer)";
            case 128 + 15 -> " (ended by SIGTERM)";
            case 128 + 6 -> " (aborted: SIGABRT, as node does when it runs out of heap)";
            default -> exitCode > 128 && exitCode < 128 + 65 ? " (ended by signal " + (exitCode - 128) + ")" : "";
        };
    }
}
