package io.ddbsync.dynamodb.local;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Table helpers for code that creates tables on dynalite (or DynamoDB) and uses them at once. */
public final class Tables {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Tables() {}

  /**
   * Waits until {@code table} is ACTIVE. CreateTable returns while the table is still CREATING, even
   * on dynalite with {@code --createTableMs 0} (it flips the status on a timer), and a write to a
   * CREATING table fails with ResourceNotFoundException.
   */
  public static void awaitActive(DynamoDbClient client, String table) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!isActive(client, table)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("table " + table + " is not ACTIVE after " + TIMEOUT.toSeconds() + " s");
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  private static boolean isActive(DynamoDbClient client, String table) {
    try {
      return client.describeTable(r -> r.tableName(table)).table().tableStatus() == TableStatus.ACTIVE;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }
}
