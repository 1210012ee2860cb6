package io.ddbsync.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto's server ({@code moto_server}, an independent AWS emulator whose DynamoDB has working Streams)
 * on a free port for a test class: register with {@code @RegisterExtension static MotoServer moto = new MotoServer();}.
 * When {@code moto_server} is not on the PATH the class is skipped, saying how to install it. Ready
 * when the server prints that it is running (read from its output, within {@link #START_SECONDS}).
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {

  static final long START_SECONDS = 60;

  private Process process;
  private URI endpoint;

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    assumeTrue(onPath("moto_server"),
        "moto_server is not on the PATH: pip install \"moto[server]\" to run the tests against moto's DynamoDB Streams");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true)
        .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          seen.add(line);
          if (line.contains("Running on")) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    boolean running;
    try {
      running = ready.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      running = false;
    }
    if (!running) {
      process.destroyForcibly();
      throw new IllegalStateException("moto_server did not start within " + START_SECONDS + " s; its output: " + seen);
    }
    // Its output must keep draining, or the server blocks once the pipe is full.
    Thread drain = new Thread(() -> output.lines().forEach(line -> {}), "moto-server-output");
    drain.setDaemon(true);
    drain.start();
    endpoint = URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
