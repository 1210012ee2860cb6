package io.ddbsync.cli.command.redrive;

import io.ddbsync.cli.Ddbsync;
import io.ddbsync.cli.shared.deadletter.RedriveTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;


/** {@code ddbsync redrive} as a user runs it: output, exit codes, one-line errors. */
class RedriveCommandTest {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() {
    RedriveTest.start();
  }

  @AfterAll
  static void stop() {
    RedriveTest.stop();
  }

  @Test
  void dryRunListsByReasonAndGroupAndMovesNothing() {
    URI dlq = RedriveTest.fifoQueue("dlq");
    URI source = RedriveTest.fifoQueue("src");
    RedriveTest.send(dlq, "ORDER#1", "x", "mapping", "mapper_parsing_exception: failed to parse field [price]");
    RedriveTest.send(dlq, "ORDER#1", "y", "mapping", "mapper_parsing_exception: failed to parse field [price]");
    RedriveTest.send(dlq, "ORDER#2", "z", null, null);

    int exit = run("redrive", "--dlq", dlq.toString(), "--to", source.toString(), "--dry-run");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(": 3 messages")
        .contains("mapping (2)  e.g. mapper_parsing_exception: failed to parse field [price]")
        .contains("group ORDER#1: 2")
        .contains("maxReceiveCount exceeded (1)")
        .contains("dry run: nothing moved");
    assertThat(RedriveTest.depth(dlq)).isEqualTo(3);
    assertThat(RedriveTest.depth(source)).isZero();
  }

  @Test
  void redriveMovesAndReportsWhatWasMoved() {
    URI dlq = RedriveTest.fifoQueue("dlq");
    URI source = RedriveTest.fifoQueue("src");
    RedriveTest.send(dlq, "G", "x", "invalid", "no NewImage");

    int exit = run("redrive", "--dlq", dlq.toString(), "--to", source.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("moved to " + source + ": 1 message");
    assertThat(RedriveTest.depth(source)).isEqualTo(1);
  }

  @Test
  void redriveToAStandardQueueFailsWithOneLine() {
    URI dlq = RedriveTest.fifoQueue("dlq");
    URI standard = URI.create(RedriveTest.sqs.createQueue(b -> b.queueName("std-" + UUID.randomUUID())).queueUrl());

    int exit = run("redrive", "--dlq", dlq.toString(), "--to", standard.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").startsWith("ddbsync: cannot redrive from FIFO queue");
  }

  @Test
  void aMissingDeadLetterQueueFailsWithOneLine() {
    URI source = RedriveTest.fifoQueue("src");
    String missing = RedriveTest.server.endpoint() + "/000000000000/gone.fifo";

    int exit = run("redrive", "--dlq", missing, "--to", source.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("ddbsync: dead-letter queue " + missing + " does not exist");
  }

  @Test
  void moveTaskRefusesFilters() {
    int exit = run("redrive", "--dlq", "http://127.0.0.1:1/q.fifo", "--to", "http://127.0.0.1:1/s.fifo", "--move-task", "--max", "3");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--move-task moves every message");
  }

  private int run(String... args) {
    CommandLine cli = Ddbsync.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] withEndpoint = new String[args.length + 4];
    System.arraycopy(args, 0, withEndpoint, 0, args.length);
    withEndpoint[args.length] = "--endpoint";
    withEndpoint[args.length + 1] = RedriveTest.server.endpoint().toString();
    withEndpoint[args.length + 2] = "--region";
    withEndpoint[args.length + 3] = "us-east-1";
    return cli.execute(withEndpoint);
  }
}
