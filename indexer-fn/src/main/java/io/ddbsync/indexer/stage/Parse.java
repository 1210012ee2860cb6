package io.ddbsync.indexer.stage;

import io.ddbsync.indexer.queue.QueueMessage;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Invalid;
import io.ddbsync.message.ItemChange;
import io.ddbsync.message.MalformedMessageException;
import io.ddbsync.opensearch.bulk.DeadLetterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The first stage: bodies that are not change messages, and {@code invalid} messages, are poison. */
public final class Parse {

  private Parse() {}

  public static Batch batch(List<QueueMessage> messages) {
    List<Optional<ItemChange>> changes = new ArrayList<>(messages.size());
    List<Outcome> outcomes = new ArrayList<>(messages.size());
    for (QueueMessage message : messages) {
      ChangeMessage change;
      try {
        change = ChangeMessages.read(message.body());
      } catch (MalformedMessageException e) {
        changes.add(Optional.empty());
        outcomes.add(new Outcome.Poison(DeadLetterKind.MALFORMED, e.getMessage()));
        continue;
      }
      switch (change.kind()) {
        case UPSERT, DELETE, FETCH -> {
          changes.add(Optional.of((ItemChange) change));
          outcomes.add(Outcome.PENDING);
        }
        case INVALID -> {
          changes.add(Optional.empty());
          outcomes.add(new Outcome.Poison(DeadLetterKind.INVALID, ((Invalid) change).reason()));
        }
      }
    }
    return new Batch(List.copyOf(messages), changes, outcomes);
  }
}
