package io.ddbsync.cli.local.queue;

import io.ddbsync.cli.shared.error.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ, an SQS-compatible server, in this JVM on loopback. It implements FIFO queues
 * (message groups, 5-minute deduplication, content-based deduplication) and moves a message to the
 * dead-letter queue of a {@code RedrivePolicy} after {@code maxReceiveCount} receives, as SQS does.
 */
public final class LocalSqs implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";

  private final SQSRestServer server;
  private final URI endpoint;

  private LocalSqs(SQSRestServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  /** Starts on {@code port}, or on a free port when {@code port} is 0. */
  public static LocalSqs start(int port, String region) {
    // The port is chosen before the server starts because ElasticMQ writes it into the queue URLs
    // it hands out, and with port 0 those would say 0.
    int chosen = port == 0 ? freePort() : port;
    ensureFree(chosen);
    SQSRestServer server;
    int bound;
    try {
      server = SQSRestServerBuilder.withInterface(LOOPBACK)
          .withPort(chosen)
          .withServerAddress(new NodeAddress("http", LOOPBACK, chosen, ""))
          .withAWSRegion(region)
          .withAWSAccountId(Arns.ACCOUNT)
          .start();
      bound = server.waitUntilStarted().localAddress().getPort();
    } catch (RuntimeException e) {
      throw new UserError("cannot start the local SQS server (ElasticMQ) on " + LOOPBACK + ":" + chosen
          + ": " + e.getMessage(), e);
    }
    return new LocalSqs(server, URI.create("http://" + LOOPBACK + ":" + bound));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UserError("found no free port on " + LOOPBACK + " for the local SQS server");
    }
  }

  /** Fails with one clear line when {@code port} is taken on loopback. */
  public static void ensureFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
    } catch (IOException e) {
      throw new UserError("SQS port " + port + " on " + LOOPBACK + " is already in use; choose another with --sqs-port");
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    server.stopAndWait();
  }
}
