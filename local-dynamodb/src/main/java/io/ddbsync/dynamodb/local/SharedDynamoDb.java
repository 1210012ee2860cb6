package io.ddbsync.dynamodb.local;

import java.net.URI;

/**
 * One DynamoDB endpoint per JVM, shared by every test that needs one.
 *
 * <p>If its dynalite exits, the next call restarts it once (tables are per test, so the tests that come after
 * lose nothing) and logs why to stderr; if it exits again, calls fail with the reason.
 */
public final class SharedDynamoDb {

    /** System property naming a running DynamoDB-API endpoint to use instead of starting dynalite. */
    public static final String ENDPOINT_PROPERTY = "dynamodb.endpoint";

    private static final SharedDynamoDb JVM = new SharedDynamoDb();

    private LocalDynamoDb server;
    private LocalDynamoDbExitedException firstExit;

    SharedDynamoDb() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "dynalite-shutdown"));
    }

    /**
     * The endpoint named by {@code -Ddynamodb.endpoint}, else that of a dynalite server started on first call
     * and stopped when the JVM exits. Tables outlive tests: give each test its own table names.
     */
    public static URI endpoint() {
        String configured = System.getProperty(ENDPOINT_PROPERTY, "");
        if (!configured.isBlank()) {
            return URI.create(configured);
        }
        return JVM.serverEndpoint();
    }

    synchronized URI serverEndpoint() {
        if (server == null) {
            server = LocalDynamoDb.start();
        } else if (server.exited().isPresent()) {
            LocalDynamoDbExitedException exit = server.exited().get();
            if (firstExit != null) {
                throw new IllegalStateException(exit.getMessage() + "\nIt had exited once before and was restarted;"
                        + " that time " + firstExit.getMessage(), exit);
            }
            firstExit = exit;
            System.err.println("ddbsync: restarting the shared local DynamoDB server once, empty, after: "
                    + exit.getMessage());
            server = server.restart();
        }
        return server.endpoint();
    }

    synchronized LocalDynamoDb server() {
        serverEndpoint();
        return server;
    }

    synchronized void close() {
        if (server != null) {
            server.close();
        }
    }
}
