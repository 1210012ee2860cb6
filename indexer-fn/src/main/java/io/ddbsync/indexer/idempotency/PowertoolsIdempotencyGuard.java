package io.ddbsync.indexer.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;

/**
 * Powertools for Java's idempotency store used through its public API, with the semantics of its
 * {@code @Idempotent} handler: {@code saveInProgress} before the write (a conditional put), on
 * "already exists" look the record up (COMPLETED: skip; INPROGRESS: retry later),
 * {@code saveSuccess} after the write, {@code deleteRecord} when it failed.
 *
 * <p>The annotation wraps one method call per key, but one {@code _bulk} carries the whole batch,
 * so the store is driven per message around that single request; no AspectJ weaving is needed.
 * Records live in IDEMPOTENCY_TABLE (partition key {@code id}, TTL attribute {@code expiration}).
 */
public final class PowertoolsIdempotencyGuard implements IdempotencyGuard {

  private static final String KEY_FIELD = "dedupId";
  /* No message has it: dedup ids are stream event ids or SQS message ids. */
  private static final String PRIMING_KEY = "ddbsync-snapstart-priming";
  private static final JsonNode APPLIED = JsonNodeFactory.instance.textNode("applied");

  private final BasePersistenceStore store;
  private final Clock clock;

  public PowertoolsIdempotencyGuard(BasePersistenceStore store, Duration expiry, Clock clock) {
    this.store = store;
    this.clock = clock;
    store.configure(
        IdempotencyConfig.builder()
            .withEventKeyJMESPath(KEY_FIELD)
            .withExpiration(expiry)
            .withThrowOnNoIdempotencyKey(true)
            // A local cache would answer "applied" from memory after the record was deleted or
            // expired; with at most 10 messages per batch the DynamoDB round trips are cheap.
            .withUseLocalCache(false)
            .build(),
        "indexer");
  }

  /** Records in {@code tableName}; a claim left by a dead invocation expires with its remaining time. */
  public static PowertoolsIdempotencyGuard dynamoDb(
      DynamoDbClient dynamoDb, String tableName, Duration expiry, Clock clock) {
    return new PowertoolsIdempotencyGuard(new ExpiringClaimsStore(dynamoDb, tableName), expiry, clock);
  }

  @Override
  public Claim claim(String dedupId, Duration remainingTime) {
    JsonNode data = data(dedupId);
    try {
      store.saveInProgress(data, clock.instant(), OptionalInt.of(saturatedMillis(remainingTime)));
      return Claim.CLAIMED;
    } catch (IdempotencyItemAlreadyExistsException e) {
      return existing(data);
    } catch (RuntimeException e) {
      return Claim.UNAVAILABLE;
    }
  }

  private Claim existing(JsonNode data) {
    try {
      DataRecord record = store.getRecord(data, clock.instant());
      return record.getStatus() == DataRecord.Status.COMPLETED ? Claim.ALREADY_APPLIED : Claim.IN_PROGRESS;
    } catch (IdempotencyItemNotFoundException e) {
      // Deleted (a failed attempt released it) between our put and our get: try again later.
      return Claim.IN_PROGRESS;
    } catch (RuntimeException e) {
      return Claim.UNAVAILABLE;
    }
  }

  @Override
  public void applied(String dedupId) {
    store.saveSuccess(data(dedupId), APPLIED, clock.instant());
  }

  @Override
  public void release(String dedupId) {
    store.deleteRecord(data(dedupId), new IllegalStateException("not applied"));
  }

  @Override
  public void primeRead() {
    try {
      store.getRecord(data(PRIMING_KEY), clock.instant());
    } catch (RuntimeException e) {
      // IdempotencyItemNotFoundException is the expected answer; any other failure means less priming.
    }
  }

  private static JsonNode data(String dedupId) {
    return JsonNodeFactory.instance.objectNode().put(KEY_FIELD, dedupId);
  }

  private static int saturatedMillis(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
  }
}
