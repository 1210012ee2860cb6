package io.ddbsync.dynamodb.local;

import java.net.URI;

/** One DynamoDB endpoint per JVM, shared by every test that needs one. */
public final class SharedDynamoDb {

    /** System property naming a running DynamoDB-API endpoint to use instead of starting dynalite. */
    public static final String ENDPOINT_PROPERTY = "dynamodb.endpoint";

    private static LocalDynamoDb server;

    private SharedDynamoDb() {
    }

    /**
     * The endpoint named by {@code -Ddynamodb.endpoint}, else that of a dynalite server started on first call
     * and stopped when the JVM exits. Tables outlive tests: give each test its own table names.
     */
    public static synchronized URI endpoint() {
        String configured = System.getProperty(ENDPOINT_PROPERTY, "");
        if (!configured.isBlank()) {
            return URI.create(configured);
        }
        if (server == null) {
            server = LocalDynamoDb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynalite-shutdown"));
        }
        return server.endpoint();
    }
}
