package io.ddbsync.opensearch.embedded;

import java.net.URI;

/**
 * One OpenSearch per JVM, for tests and local runs.
 *
 * <p>If the system property {@code opensearch.url} is set (e.g. {@code -Dopensearch.url=http://localhost:9200}),
 * {@link #uri()} returns it and nothing is started. Otherwise the first call starts an
 * {@link EmbeddedOpenSearch} on a free loopback port; a shutdown hook closes it when the JVM exits.
 */
public final class SharedOpenSearch {

    public static final String URL_PROPERTY = "opensearch.url";

    private static EmbeddedOpenSearch node;

    private SharedOpenSearch() {
    }

    /** The HTTP base URI of the shared cluster (external via {@code -Dopensearch.url}, or embedded). */
    public static synchronized URI uri() {
        String external = System.getProperty(URL_PROPERTY);
        if (external != null && !external.isBlank()) {
            return URI.create(external.strip());
        }
        if (node == null) {
            EmbeddedOpenSearch started = EmbeddedOpenSearch.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-opensearch-shutdown"));
            node = started;
        }
        return node.httpUri();
    }
}
