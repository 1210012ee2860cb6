package io.ddbsync.cli.command.run;

import io.ddbsync.cli.local.engine.LocalEngines;
import io.ddbsync.cli.local.esm.SqsEventSourceMapping;
import io.ddbsync.cli.local.queue.LocalQueues;
import io.ddbsync.cli.shared.error.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Waits until nothing is left to do: the change queue holds no message (visible, in flight or
 * delayed), no poller holds a batch, and nothing is in flight on the dead-letter queue. A failed
 * message stays in flight until its visibility timeout, then comes back, so this also waits for
 * redeliveries and for moves to the dead-letter queue.
 */
record Settler(SqsClient sqs, LocalQueues queues, LocalEngines engines, Duration timeout, Path functionLog,
    Progress progress) {

  /** @param expected the messages the pipe sent, for the progress bar */
  void await(SqsEventSourceMapping esm, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<ProgressBar> bar = progress.bar("index", expected);
    try {
      while (true) {
        engines.ensureDynamoDbRunning();
        LocalQueues.Depth changes = LocalQueues.depth(sqs, queues.changes());
        bar.ifPresent(b -> b.stepTo(Math.max(0, expected - changes.visible() - changes.inFlight())));
        if (changes.empty() && esm.idle() && LocalQueues.depth(sqs, queues.deadLetters()).inFlight() == 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new UserError("the change queue did not settle within " + timeout + ": " + changes.visible()
              + " visible and " + changes.inFlight() + " in-flight messages left (raise --timeout, or see "
              + functionLog + ")");
        }
        Thread.sleep(100); // polling interval of the condition above, bounded by the deadline
      }
    } finally {
      bar.ifPresent(ProgressBar::close);
    }
  }
}
