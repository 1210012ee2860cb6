package io.ddbsync.indexer.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testsupport.FakeClock;
import io.ddbsync.indexer.LocalServices;
import io.ddbsync.indexer.idempotency.IdempotencyGuard.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/** When a claim left in progress can be taken over, against dynalite (the DynamoDB API). */
class ClaimExpiryTest {

  private static final Duration EXPIRY = Duration.ofHours(1);

  /* Starts at the real time: Powertools' DataRecord.getStatus() compares the record's expiry with Instant.now(). */
  private final FakeClock clock = new FakeClock(Instant.now());
  private final String table = LocalServices.newTable("idempotency", "id");

  private PowertoolsIdempotencyGuard guard() {
    return PowertoolsIdempotencyGuard.dynamoDb(LocalServices.dynamoDb(), table, EXPIRY, clock);
  }

  @Test
  void aClaimWhoseInvocationDiedIsTakenOverOnceItsRemainingTimeHasPassed() {
    PowertoolsIdempotencyGuard guard = guard();
    assertThat(guard.claim("evt-1", Duration.ofMillis(50))).isEqualTo(Claim.CLAIMED);
    // The invocation dies here: neither applied nor release is called.

    clock.sleep(Duration.ofMillis(51));

    assertThat(guard.claim("evt-1", Duration.ofSeconds(60))).isEqualTo(Claim.CLAIMED);
    assertThat(record().get("in_progress_expiration").n())
        .isEqualTo(Long.toString(clock.instant().plusSeconds(60).toEpochMilli()));
  }

  @Test
  void aClaimWithinItsRemainingTimeIsNotTakenOver() {
    PowertoolsIdempotencyGuard guard = guard();
    assertThat(guard.claim("evt-1", Duration.ofSeconds(60))).isEqualTo(Claim.CLAIMED);

    clock.sleep(Duration.ofSeconds(59));

    assertThat(guard.claim("evt-1", Duration.ofSeconds(60))).isEqualTo(Claim.IN_PROGRESS);
  }

  @Test
  void anAppliedMessageIsStillAnsweredAsAppliedAfterItsClaimWouldHaveExpired() {
    PowertoolsIdempotencyGuard guard = guard();
    assertThat(guard.claim("evt-1", Duration.ofMillis(50))).isEqualTo(Claim.CLAIMED);
    guard.applied("evt-1");

    clock.sleep(Duration.ofMinutes(10));

    assertThat(guard.claim("evt-1", Duration.ofSeconds(60))).isEqualTo(Claim.ALREADY_APPLIED);
    assertThat(record().get("status").s()).isEqualTo("COMPLETED");
  }

  @Test
  void aRecordIsForgottenAfterTheIdempotencyExpiry() {
    PowertoolsIdempotencyGuard guard = guard();
    guard.claim("evt-1", Duration.ofMillis(50));
    guard.applied("evt-1");

    clock.sleep(EXPIRY.plusSeconds(1));

    assertThat(guard.claim("evt-1", Duration.ofSeconds(60))).isEqualTo(Claim.CLAIMED);
  }

  @Test
  void claimsKeepPowertoolsRecordFormatSoItsOwnStoreReadsThem() {
    guard().claim("evt-1", Duration.ofSeconds(30));

    Map<String, AttributeValue> item = record();
    assertThat(item.keySet()).containsExactlyInAnyOrder("id", "expiration", "in_progress_expiration", "status");
    assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
    assertThat(item.get("expiration").n()).isEqualTo(Long.toString(clock.instant().plus(EXPIRY).getEpochSecond()));
    DynamoDBPersistenceStore powertools =
        DynamoDBPersistenceStore.builder().withTableName(table).withDynamoDbClient(LocalServices.dynamoDb()).build();
    DataRecord read = powertools.getRecord(item.get("id").s());
    assertThat(read.getStatus()).isEqualTo(DataRecord.Status.INPROGRESS);
    assertThat(read.getInProgressExpiryTimestamp()).hasValue(clock.instant().plusSeconds(30).toEpochMilli());
  }

  /**
   * Why {@link ExpiringClaimsStore} exists: Powertools 1.15.0's own put compares milliseconds with
   * seconds. When an upgrade makes this fail, the upstream fix has arrived and the subclass can go.
   */
  @Test
  void powertoolsOwnStoreDoesNotTakeOverAnExpiredClaim() {
    PowertoolsIdempotencyGuard upstream = new PowertoolsIdempotencyGuard(
        DynamoDBPersistenceStore.builder().withTableName(table).withDynamoDbClient(LocalServices.dynamoDb()).build(),
        EXPIRY,
        clock);
    upstream.claim("evt-1", Duration.ofMillis(50));

    clock.sleep(Duration.ofMinutes(10));

    assertThat(upstream.claim("evt-1", Duration.ofSeconds(60))).isEqualTo(Claim.IN_PROGRESS);
  }

  private Map<String, AttributeValue> record() {
    return LocalServices.dynamoDb().scan(s -> s.tableName(table)).items().get(0);
  }
}
