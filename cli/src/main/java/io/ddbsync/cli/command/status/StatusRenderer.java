package io.ddbsync.cli.command.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.cli.command.status.PipelineStatus.AwsParts;
import io.ddbsync.cli.command.status.PipelineStatus.QueueStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link PipelineStatus} as one screen of text, or as one JSON object. */
final class StatusRenderer {

  static final String UNAVAILABLE_LOCALLY = "unavailable against the local engines (no Pipes or CloudWatch there)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusRenderer() {}

  static String text(PipelineStatus status) {
    StringBuilder out = new StringBuilder();
    List<String> problems = status.problems();
    line(out, "stack", status.stack() + " (" + status.source() + ")");
    line(out, "status", problems.isEmpty() ? "healthy" : "needs attention");
    problems.forEach(p -> out.append("  - ").append(p).append('\n'));
    Optional<AwsParts> aws = status.aws();
    line(out, "pipe", aws.map(a -> a.pipe().current() + (a.pipe().current().equals(a.pipe().desired()) ? ""
        : " (desired " + a.pipe().desired() + ")") + (a.pipe().reason().isEmpty() ? "" : ": " + a.pipe().reason()))
        .orElse(UNAVAILABLE_LOCALLY));
    line(out, "change queue", depth(status.changes()) + "; oldest message: "
        + aws.map(a -> a.oldestMessage().map(StatusRenderer::age).orElse("no data in the last hour"))
            .orElse(UNAVAILABLE_LOCALLY));
    String kinds = status.kinds()
        .map(k -> k.counted() == 0 ? "" : "; by kind: " + k.summary()
            + (k.counted() < status.indexerDeadLetters().depth().visible()
                ? " (counted " + k.counted() + " of " + status.indexerDeadLetters().depth().visible()
                    + ": a FIFO queue shows a group's later messages only once its earlier ones are gone)" : ""))
        .orElse("");
    line(out, "indexer DLQ", depth(status.indexerDeadLetters()) + kinds);
    line(out, "pipe DLQ", status.pipeDeadLetters().map(StatusRenderer::depth).orElse("none in the template"));
    line(out, "alarms", aws.map(a -> a.alarms().isEmpty() ? "none in ALARM" : a.alarms().size() + " in ALARM")
        .orElse(UNAVAILABLE_LOCALLY));
    aws.ifPresent(a -> a.alarms().forEach(alarm -> out.append("  ").append(alarm.name()).append(" since ")
        .append(alarm.since()).append(": ").append(alarm.reason()).append('\n')));
    line(out, "last hour", aws.map(a -> "indexed " + a.lastHour().indexed() + ", deleted " + a.lastHour().deleted()
        + ", conflicts " + a.lastHour().conflicts() + ", unindexed fields " + a.lastHour().unindexedFields())
        .orElse(UNAVAILABLE_LOCALLY));
    return out.toString();
  }

  static ObjectNode json(PipelineStatus status) {
    ObjectNode root = JSON.createObjectNode();
    root.put("stack", status.stack());
    root.put("source", status.source());
    List<String> problems = status.problems();
    root.put("healthy", problems.isEmpty());
    ArrayNode problemList = root.putArray("problems");
    problems.forEach(problemList::add);
    ObjectNode changes = queue(root, "changeQueue", status.changes());
    ObjectNode deadLetters = queue(root, "indexerDeadLetters", status.indexerDeadLetters());
    status.kinds().ifPresent(k -> {
      deadLetters.put("counted", k.counted());
      ObjectNode byKind = deadLetters.putObject("byKind");
      k.byKind().forEach(byKind::put);
    });
    status.pipeDeadLetters().ifPresentOrElse(q -> queue(root, "pipeDeadLetters", q), () -> root.putNull("pipeDeadLetters"));
    status.aws().ifPresentOrElse(a -> {
      a.oldestMessage().ifPresentOrElse(age -> changes.put("oldestMessageAgeSeconds", age.toSeconds()),
          () -> changes.putNull("oldestMessageAgeSeconds"));
      ObjectNode pipe = root.putObject("pipe");
      pipe.put("currentState", a.pipe().current());
      pipe.put("desiredState", a.pipe().desired());
      pipe.put("stateReason", a.pipe().reason());
      ArrayNode alarms = root.putArray("alarms");
      a.alarms().forEach(alarm -> alarms.addObject()
          .put("name", alarm.name()).put("reason", alarm.reason()).put("since", alarm.since().toString()));
      root.putObject("lastHour")
          .put("indexed", a.lastHour().indexed())
          .put("deleted", a.lastHour().deleted())
          .put("conflicts", a.lastHour().conflicts())
          .put("unindexedFields", a.lastHour().unindexedFields());
    }, () -> {
      changes.putNull("oldestMessageAgeSeconds");
      root.putNull("pipe");
      root.putNull("alarms");
      root.putNull("lastHour");
      root.put("unavailable", UNAVAILABLE_LOCALLY);
    });
    return root;
  }

  private static ObjectNode queue(ObjectNode root, String field, QueueStatus queue) {
    return root.putObject(field)
        .put("url", queue.url().toString())
        .put("visible", queue.depth().visible())
        .put("inFlight", queue.depth().inFlight())
        .put("delayed", queue.depth().delayed());
  }

  private static String depth(QueueStatus queue) {
    return queue.depth().visible() + " visible, " + queue.depth().inFlight() + " in flight, "
        + queue.depth().delayed() + " delayed";
  }

  static String age(Duration age) {
    long seconds = age.toSeconds();
    return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format("%-13s%s%n", label, value));
  }
}
