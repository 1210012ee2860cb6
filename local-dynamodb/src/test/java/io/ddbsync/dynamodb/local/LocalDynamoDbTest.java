package io.ddbsync.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
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

    @Test
    void sharedEndpointIsStartedOncePerJvm() {
        assertThat(SharedDynamoDb.endpoint()).isEqualTo(SharedDynamoDb.endpoint());
    }
}
