package io.ddbsync.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class LocalDynamoDbTest {

    @Test
    void startedServerAnswersOnLoopbackUntilClosed() {
        LocalDynamoDb server = LocalDynamoDb.start();
        try (DynamoDbClient client = Clients.dynamoDb(server.endpoint())) {
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(client.listTables().tableNames()).isEmpty();
        } finally {
            server.close();
        }

        assertThatThrownBy(() -> new Socket("127.0.0.1", server.endpoint().getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void clientThatHangsUpBeforeItsRequestIsCompleteDoesNotEndTheServer() throws IOException {
        try (LocalDynamoDb server = LocalDynamoDb.start(); DynamoDbClient client = Clients.dynamoDb(server.endpoint())) {
            Clients.createTable(client, "kept");

            try (Socket socket = new Socket("127.0.0.1", server.endpoint().getPort())) {
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                        + "Content-Length: 100\r\n\r\n{\"Lim").getBytes(StandardCharsets.US_ASCII));
            }
            awaitDroppedRequestOrExit(server);

            assertThat(server.exited()).isEmpty();
            assertThat(client.listTables().tableNames()).containsExactly("kept");
        }
    }

    @Test
    void twoServersDoNotShareTables() {
        try (LocalDynamoDb first = LocalDynamoDb.start(); LocalDynamoDb second = LocalDynamoDb.start();
             DynamoDbClient firstClient = Clients.dynamoDb(first.endpoint());
             DynamoDbClient secondClient = Clients.dynamoDb(second.endpoint())) {
            Clients.createTable(firstClient, "only-in-first");

            assertThat(first.endpoint()).isNotEqualTo(second.endpoint());
            assertThat(secondClient.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void startSaysWhatToRunWhenDynaliteIsNotInstalled(@TempDir Path emptyHome) throws IOException {
        String previous = System.getProperty(LocalDynamoDb.HOME_PROPERTY);
        System.setProperty(LocalDynamoDb.HOME_PROPERTY, emptyHome.toString());
        try {
            assertThatThrownBy(LocalDynamoDb::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dynalite is not installed")
                    .hasMessageContaining(emptyHome.toString())
                    .hasMessageContaining("mvn -B install -pl local-dynamodb");
        } finally {
            if (previous == null) {
                System.clearProperty(LocalDynamoDb.HOME_PROPERTY);
            } else {
                System.setProperty(LocalDynamoDb.HOME_PROPERTY, previous);
            }
        }
    }

    /** Waits, with a deadline, until dynalite has dealt with the hung-up request: dropped it, or died of it. */
    private static void awaitDroppedRequestOrExit(LocalDynamoDb server) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!server.lastOutput().contains("dropped a request") && !server.onExit().isDone()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("dynalite neither dropped the request nor exited; its output:\n"
                        + server.lastOutput());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    void sharedEndpointIsStartedOncePerJvm() {
        assertThat(SharedDynamoDb.endpoint()).isEqualTo(SharedDynamoDb.endpoint());
    }
}
