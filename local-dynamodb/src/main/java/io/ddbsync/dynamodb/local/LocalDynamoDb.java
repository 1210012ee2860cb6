package io.ddbsync.dynamodb.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A dynalite server (an open-source implementation of the DynamoDB API, tables kept in memory) running as a
 * child {@code node} process on 127.0.0.1. Each server starts empty.
 *
 * <p>The server is watched: if its process ends before {@link #close()}, that is logged to stderr with the
 * exit code and the last lines dynalite printed, and {@link #exited()} (or {@link #exitedAt(URI)}, which
 * {@link ExitedServerCheck} asks on behalf of SDK clients) returns an exception that says so.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** System property naming the local-dynamodb module directory, the one holding node_modules/dynalite. */
    public static final String HOME_PROPERTY = "dynalite.home";

    private static final Path CLI = Path.of("node_modules", "dynalite", "cli.js");
    private static final Path EXIT_WITH_PARENT = Path.of("exit-with-parent.js");
    private static final Path SURVIVE_ABORTED_REQUESTS = Path.of("survive-aborted-requests.js");
    private static final String INSTALL_HINT = "run `mvn -B install -pl local-dynamodb` in the project root"
            + " (it runs `npm ci` in local-dynamodb/)";
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;
    private static final int OUTPUT_LINES_KEPT = 40;

    /** The servers this JVM started and has not closed, running or exited, by authority ({@code 127.0.0.1:41234}). */
    private static final Map<String, LocalDynamoDb> RUNNING = new ConcurrentHashMap<>();

    private final Process process;
    private final URI endpoint;
    private final Output output;
    private final CompletableFuture<Void> ended;
    private volatile CompletableFuture<Void> reported;
    private volatile boolean closing;

    private LocalDynamoDb(Process process, URI endpoint, Output output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
        this.ended = CompletableFuture.allOf(process.onExit(), output.ended);
    }

    /** Starts a server and returns once it has answered a ListTables call. */
    public static LocalDynamoDb start() {
        return start(0);
    }

    /**
     * Starts a new, empty server in place of this one, which has {@link #exited()}: on the same port, so that
     * clients built for {@link #endpoint()} reach it, or on another free port if someone took that meanwhile
     * (then clients of the old endpoint keep being told that its server exited).
     */
    public LocalDynamoDb restart() {
        if (exited().isEmpty()) {
            throw new IllegalStateException("dynalite at " + endpoint + " is running or was closed; only an exited"
                    + " server is restarted");
        }
        return start(endpoint.getPort());
    }

    private static LocalDynamoDb start(int preferredPort) {
        Path home = home();
        for (int attempt = 1; ; attempt++) {
            try {
                LocalDynamoDb server = launch(home, attempt == 1 && preferredPort != 0 ? preferredPort : freePort());
                server.watch();
                return server;
            } catch (PortTakenException e) {
                // The free port we picked was taken by someone else before node bound it.
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    /** From now on an exit is unexpected: it is logged, and reported to callers. A failed start is not. */
    private void watch() {
        RUNNING.put(endpoint.getRawAuthority(), this);
        reported = ended.thenRun(() -> exited().ifPresent(exit -> System.err.println("ddbsync: " + exit.getMessage())));
    }

    /** Where to send DynamoDB requests, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** Completes once the node process has ended, all it printed has been read, and an unexpected exit logged. */
    public CompletableFuture<Void> onExit() {
        return reported;
    }

    /** The last lines dynalite printed. */
    String lastOutput() {
        return output.lastLines();
    }

    /** Why this server is gone, if its process ended without {@link #close()}. */
    public Optional<LocalDynamoDbExitedException> exited() {
        if (reported == null || closing || !ended.isDone()) {
            return Optional.empty();
        }
        return Optional.of(new LocalDynamoDbExitedException(process.pid(), process.exitValue(), endpoint,
                output.lastLines()));
    }

    /**
     * Why the server this JVM started at {@code endpoint} is gone, if it is. Empty for an endpoint this JVM
     * did not start (a DynamoDB-compatible server run by someone else) and for a server that still runs.
     */
    public static Optional<LocalDynamoDbExitedException> exitedAt(URI endpoint) {
        return Optional.ofNullable(RUNNING.get(endpoint.getRawAuthority())).flatMap(LocalDynamoDb::exited);
    }

    /**
     * As {@link #exitedAt(URI)}, but first waits up to {@code patience} for a server whose process is ending:
     * a request can see the connection refused just before this JVM reaps the process.
     */
    static Optional<LocalDynamoDbExitedException> exitedAt(URI endpoint, Duration patience) {
        LocalDynamoDb server = RUNNING.get(endpoint.getRawAuthority());
        if (server == null) {
            return Optional.empty();
        }
        try {
            server.ended.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return server.exited();
    }

    @Override
    public void close() {
        closing = true;
        RUNNING.remove(endpoint.getRawAuthority(), this);
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static LocalDynamoDb launch(Path home, int port) throws PortTakenException {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        List<String> command = List.of("node",
                "--require", home.resolve(EXIT_WITH_PARENT).toString(),
                "--require", home.resolve(SURVIVE_ABORTED_REQUESTS).toString(),
                home.resolve(CLI).toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                // Tables, updates and deletes take effect at once instead of after dynalite's default 500 ms.
                "--createTableMs", "0",
                "--updateTableMs", "0",
                "--deleteTableMs", "0");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start dynalite: `node` (Node.js 20 or later) is not on the PATH"
                    + " (" + e.getMessage() + "). Install Node.js, then " + INSTALL_HINT + ".", e);
        }
        Output output = Output.follow(process);
        LocalDynamoDb server = new LocalDynamoDb(process, URI.create("http://127.0.0.1:" + port), output);
        try {
            output.awaitListening(deadline);
            server.listTables(deadline);
            return server;
        } catch (RuntimeException | PortTakenException e) {
            server.close();
            throw e;
        }
    }

    private void listTables(Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(remaining(deadline))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .header("X-Amz-Date", "20200101T000000Z")
                // dynalite checks that a SigV4 header is present, not the signature.
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request,"
                        + " SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("TableNames")) {
                throw new IllegalStateException("dynalite at " + endpoint + " answered ListTables with "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("dynalite at " + endpoint + " did not answer ListTables", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for dynalite at " + endpoint, e);
        }
    }

    private static Path home() {
        String configured = System.getProperty(HOME_PROPERTY, "");
        if (!configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath();
            if (Files.isRegularFile(home.resolve(CLI))) {
                return home;
            }
            throw new IllegalStateException("dynalite is not installed: " + home.resolve(CLI) + " (from -D"
                    + HOME_PROPERTY + ") does not exist; " + INSTALL_HINT + ".");
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            for (Path home : List.of(dir, dir.resolve("local-dynamodb"))) {
                if (Files.isRegularFile(home.resolve(CLI))) {
                    return home;
                }
            }
        }
        throw new IllegalStateException("dynalite is not installed: found no local-dynamodb/" + CLI + " in "
                + workingDirectory + " or its parents; " + INSTALL_HINT + ", or set -D" + HOME_PROPERTY
                + "=<the local-dynamodb directory>.");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Found no free port on 127.0.0.1", e);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    /** The node process's output, read on a daemon thread: kept for error messages, watched for readiness. */
    private static final class Output {
        private final Deque<String> lastLines = new ArrayDeque<>();
        private final CompletableFuture<Void> listening = new CompletableFuture<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        static Output follow(Process process) {
            Output output = new Output();
            Thread reader = new Thread(() -> output.read(process), "dynalite-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            return output;
        }

        private void read(Process process) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    keep(line);
                    if (line.startsWith("Dynalite listening at")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                keep("(reading dynalite's output failed: " + e + ")");
            }
            listening.completeExceptionally(new IllegalStateException("dynalite exited"));
            ended.complete(null);
        }

        private synchronized void keep(String line) {
            if (lastLines.size() == OUTPUT_LINES_KEPT) {
                lastLines.removeFirst();
            }
            lastLines.addLast(line);
        }

        private synchronized String lastLines() {
            return String.join("\n", lastLines);
        }

        void awaitListening(Instant deadline) throws PortTakenException {
            try {
                listening.get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                String output = lastLines();
                if (output.contains("EADDRINUSE")) {
                    throw new PortTakenException("dynalite could not bind its port:\n" + output);
                }
                throw new IllegalStateException("dynalite exited before listening. Its output:\n" + output);
            } catch (TimeoutException e) {
                throw new IllegalStateException("dynalite was not listening after " + START_DEADLINE.toSeconds()
                        + " s. Its output:\n" + lastLines());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for dynalite to listen", e);
            }
        }
    }

    private static final class PortTakenException extends Exception {
        PortTakenException(String message) {
            super(message);
        }
    }
}
