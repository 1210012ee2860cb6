package io.ddbsync.opensearch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A real OpenSearch 2.x node running inside the current JVM, bound to 127.0.0.1 only, with its
 * home and data in a fresh temporary directory that {@link #close()} deletes.
 *
 * <p>Reach it over HTTP at {@link #httpUri()} with any client (opensearch-java, curl...).
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(
            Long.getLong("opensearch.embedded.startup.timeout.seconds", 120));

    private final Node node;
    private final Path home;
    private final URI httpUri;
    private boolean closed;

    private EmbeddedOpenSearch(Node node, Path home, URI httpUri) {
        this.node = node;
        this.home = home;
        this.httpUri = httpUri;
    }

    /** Starts a node on a free HTTP port chosen by the OS. */
    public static EmbeddedOpenSearch start() {
        return doStart(0);
    }

    /**
     * Starts a node on the given HTTP port ({@code 0} means any free port).
     *
     * @throws IllegalStateException naming the port if it is already in use
     */
    public static EmbeddedOpenSearch start(int httpPort) {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("HTTP port out of range: " + httpPort);
        }
        if (httpPort != 0) {
            ensurePortFree(httpPort);
        }
        return doStart(httpPort);
    }

    /** Base URI of the HTTP endpoint, e.g. {@code http://127.0.0.1:54321}. */
    public URI httpUri() {
        return httpUri;
    }

    /** Stops the node and deletes its home/data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            node.close();
            node.awaitClose(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to stop embedded OpenSearch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteRecursively(home);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static EmbeddedOpenSearch doStart(int httpPort) {
        QuietLogging.ensureConfigured();
        // Netty's available-processors can be set once per JVM; other libraries (AWS SDK, ...)
        // may have done it already, which would make OpenSearch fail to start.
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");

        Path home;
        try {
            home = Files.createTempDirectory("embedded-opensearch-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create temp dir for embedded OpenSearch", e);
        }
        long started = System.nanoTime();
        Node node = null;
        try {
            Settings settings = Settings.builder()
                    .put("cluster.name", "embedded-" + UUID.randomUUID().toString().substring(0, 8))
                    .put("node.name", "embedded")
                    .put("path.home", home.toString())
                    .put("path.data", home.resolve("data").toString())
                    .put("path.logs", home.resolve("logs").toString())
                    .put("network.host", LOOPBACK)
                    .put("http.port", Integer.toString(httpPort))
                    .put("transport.port", "0")
                    .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
                    .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
                    .put("discovery.type", "single-node")
                    .put("cluster.routing.allocation.disk.threshold_enabled", false)
                    .put("action.auto_create_index", "true")
                    // a JVM shared with tests/other services: don't trip on the real-memory breaker
                    .put("indices.breaker.total.use_real_memory", false)
                    .put("node.max_local_storage_nodes", 1)
                    .put("cluster.max_shards_per_node", 5000)
                    .build();
            node = new ClasspathPluginNode(
                    InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "embedded"));
            node.start();
            TransportAddress bound = node.injector().getInstance(HttpServerTransport.class)
                    .boundAddress().publishAddress();
            URI uri = URI.create("http://" + LOOPBACK + ":" + bound.getPort());
            awaitHealthy(uri, started);
            return new EmbeddedOpenSearch(node, home, uri);
        } catch (Exception e) {
            closeQuietly(node);
            deleteRecursively(home);
            if (httpPort != 0 && isBindFailure(e)) {
                throw new IllegalStateException("Cannot start embedded OpenSearch: HTTP port " + httpPort
                        + " on " + LOOPBACK + " is already in use", e);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Cannot start embedded OpenSearch: " + e.getMessage(), e);
        }
    }

    private static void ensurePortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start embedded OpenSearch: HTTP port " + port
                    + " on " + LOOPBACK + " is already in use (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof org.opensearch.http.BindHttpException) {
                return true;
            }
        }
        return false;
    }

    /** Polls the cluster health endpoint over HTTP until yellow/green, with a deadline. */
    private static void awaitHealthy(URI uri, long startedNanos) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        uri.resolve("/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        long deadline = startedNanos + STARTUP_TIMEOUT.toNanos();
        String last = "no response";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String body = response.body();
                if (response.statusCode() == 200
                        && (body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\""))) {
                    return;
                }
                last = response.statusCode() + " " + body;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Embedded OpenSearch at " + uri + " not healthy within "
                + STARTUP_TIMEOUT + "; last health answer: " + last);
    }

    private static void closeQuietly(Node node) {
        if (node == null) {
            return;
        }
        try {
            node.close();
            node.awaitClose(30, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            // best effort on a failed start
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("embedded-opensearch: could not delete " + root + ": " + e);
        }
    }

    /**
     * {@link Node} with plugins loaded from the classpath rather than a plugins/ directory: HTTP, and the
     * reindex module ({@code _reindex}), which every distribution ships.
     */
    private static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(org.opensearch.env.Environment environment) {
            super(environment, List.of(Netty4Plugin.class, ReindexPlugin.class), true);
        }

        /**
         * The stock listener feeds node/cluster ids into a JVM-wide log4j pattern converter that can
         * be set only once: a second node in the same JVM would log an AlreadySetException.
         * OpenSearch's own MockNode disables it the same way.
         */
        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        }
    }
}
