package io.ddbsync.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

/** A dynalite that dies while in use is reported as such, with its pid, exit code and last output. */
class ExitedServerTest {

    @Test
    void callAfterTheServerWasKilledFailsWithItsPidExitCodeAndLastOutput() throws Exception {
        LocalDynamoDb server = LocalDynamoDb.start();
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (DynamoDbClient client = Clients.dynamoDb(server.endpoint())) {
            Clients.createTable(client, "orders");
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));

            kill(server);

            assertThatThrownBy(() -> client.describeTable(d -> d.tableName("orders")))
                    .isInstanceOf(LocalDynamoDbExitedException.class)
                    .hasMessageStartingWith("the local DynamoDB server (dynalite, pid " + server.pid()
                            + ") exited with code 137 (killed by SIGKILL")
                    .hasMessageContaining(server.endpoint().toString())
                    .hasMessageContaining("Its last output: Dynalite listening at")
                    .hasMessageNotContaining("Connection refused");
        } finally {
            System.setErr(stderr);
            server.close();
        }
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .startsWith("ddbsync: the local DynamoDB server (dynalite, pid " + server.pid() + ") exited with code 137");
    }

    @Test
    void callMadeTheMomentTheServerIsKilledFailsWithTheExitNotConnectionRefused() {
        LocalDynamoDb server = LocalDynamoDb.start();
        try (DynamoDbClient client = Clients.dynamoDb(server.endpoint())) {
            Clients.createTable(client, "orders");

            ProcessHandle.of(server.pid()).orElseThrow().destroyForcibly();

            assertThatThrownBy(() -> client.describeTable(d -> d.tableName("orders")))
                    .isInstanceOf(LocalDynamoDbExitedException.class)
                    .hasMessageStartingWith("the local DynamoDB server (dynalite, pid " + server.pid()
                            + ") exited with code 137");
        } finally {
            server.close();
        }
    }

    @Test
    void connectionFailureOfACallUnderWayWhenTheServerDiedBecomesTheExit() throws Exception {
        LocalDynamoDb server = LocalDynamoDb.start();
        kill(server);
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));

        Throwable reported = new ExitedServerCheck(server.endpoint()).modifyException(failed(refused),
                new ExecutionAttributes());

        assertThat(reported).as("the SDK accepts only an instance of the failure's class")
                .isInstanceOf(refused.getClass());
        assertThat(reported).isInstanceOfSatisfying(LocalDynamoDbExitedException.class, exit -> {
            assertThat(exit.pid()).isEqualTo(server.pid());
            assertThat(exit.exitCode()).isEqualTo(137);
            assertThat(exit.getSuppressed()).containsExactly(refused);
        });
    }

    @Test
    void connectionFailureOfAServerThisJvmDidNotStartIsLeftAsItIs() throws Exception {
        LocalDynamoDb server = LocalDynamoDb.start();
        server.close();
        SdkClientException refused = SdkClientException.create("Connection refused");

        Throwable reported = new ExitedServerCheck(server.endpoint()).modifyException(failed(refused),
                new ExecutionAttributes());

        assertThat(reported).isSameAs(refused);
        assertThat(server.exited()).isEmpty();
        assertThat(LocalDynamoDb.exitedAt(server.endpoint())).isEmpty();
    }

    @Test
    void sharedServerIsRestartedOnceEmptyThenFailsWithBothReasons() throws Exception {
        SharedDynamoDb shared = new SharedDynamoDb();
        try {
            LocalDynamoDb first = shared.server();
            try (DynamoDbClient client = Clients.dynamoDb(first.endpoint())) {
                Clients.createTable(client, "before-restart");
            }
            kill(first);

            LocalDynamoDb second = shared.server();
            try (DynamoDbClient client = Clients.dynamoDb(second.endpoint())) {
                assertThat(second.pid()).isNotEqualTo(first.pid());
                assertThat(client.listTables().tableNames()).isEmpty();
            }
            kill(second);

            assertThatThrownBy(shared::serverEndpoint)
                    .hasMessageStartingWith("the local DynamoDB server (dynalite, pid " + second.pid() + ") exited")
                    .hasMessageContaining("It had exited once before and was restarted; that time the local DynamoDB"
                            + " server (dynalite, pid " + first.pid() + ") exited with code 137");
        } finally {
            shared.close();
        }
    }

    private static void kill(LocalDynamoDb server) throws Exception {
        ProcessHandle.of(server.pid()).orElseThrow().destroyForcibly();
        server.onExit().get(30, TimeUnit.SECONDS);
    }

    private static Context.FailedExecution failed(Throwable exception) {
        return new Context.FailedExecution() {
            @Override
            public Throwable exception() {
                return exception;
            }

            @Override
            public SdkRequest request() {
                return ListTablesRequest.builder().build();
            }

            @Override
            public Optional<SdkHttpRequest> httpRequest() {
                return Optional.empty();
            }

            @Override
            public Optional<SdkHttpResponse> httpResponse() {
                return Optional.empty();
            }

            @Override
            public Optional<software.amazon.awssdk.core.SdkResponse> response() {
                return Optional.empty();
            }
        };
    }
}
