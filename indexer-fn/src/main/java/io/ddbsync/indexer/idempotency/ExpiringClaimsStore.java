package io.ddbsync.indexer.idempotency;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * Powertools' DynamoDB store with a claim that expires: reads, completions and deletes are
 * Powertools' own; only the conditional put of a claim is done here.
 *
 * <p>Powertools for Java 1.15.0 writes {@code in_progress_expiration} in epoch milliseconds but its
 * put condition compares it with {@code :now} in epoch seconds, so an INPROGRESS record left by a
 * timed-out or killed invocation is never taken over before the record's whole {@code expiration}
 * (powertools-lambda-java issue 1281, fixed by pull request 1285 with a {@code :now_in_millis} value;
 * versions after 1.15.0 are not available to this build). The condition below is that fix. Attribute
 * names and status values stay Powertools' defaults, so its tools read these records unchanged.
 */
final class ExpiringClaimsStore extends BasePersistenceStore {

  private static final String KEY = "id";
  private static final String EXPIRY = "expiration";
  private static final String IN_PROGRESS_EXPIRY = "in_progress_expiration";
  private static final String STATUS = "status";
  private static final String CONDITION =
      "attribute_not_exists(#id) OR #expiry < :now OR "
          + "(attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis AND #status = :inprogress)";

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final DynamoDBPersistenceStore powertools;

  ExpiringClaimsStore(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.powertools = DynamoDBPersistenceStore.builder().withTableName(tableName).withDynamoDbClient(dynamoDb).build();
  }

  @Override
  public void configure(IdempotencyConfig config, String functionName) {
    super.configure(config, functionName);
    powertools.configure(config, functionName);
  }

  @Override
  public void putRecord(DataRecord record, Instant now) throws IdempotencyItemAlreadyExistsException {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, AttributeValue.fromS(record.getIdempotencyKey()));
    item.put(EXPIRY, AttributeValue.fromN(Long.toString(record.getExpiryTimestamp())));
    item.put(STATUS, AttributeValue.fromS(record.getStatus().toString()));
    record.getInProgressExpiryTimestamp()
        .ifPresent(millis -> item.put(IN_PROGRESS_EXPIRY, AttributeValue.fromN(Long.toString(millis))));
    try {
      dynamoDb.putItem(request -> request
          .tableName(tableName)
          .item(item)
          .conditionExpression(CONDITION)
          .expressionAttributeNames(Map.of(
              "#id", KEY, "#expiry", EXPIRY, "#in_progress_expiry", IN_PROGRESS_EXPIRY, "#status", STATUS))
          .expressionAttributeValues(Map.of(
              ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
              ":now_in_millis", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
              ":inprogress", AttributeValue.fromS(DataRecord.Status.INPROGRESS.toString()))));
    } catch (ConditionalCheckFailedException e) {
      throw new IdempotencyItemAlreadyExistsException("claim held: " + record.getIdempotencyKey(), e);
    }
  }

  @Override
  public DataRecord getRecord(String idempotencyKey) throws IdempotencyItemNotFoundException {
    return powertools.getRecord(idempotencyKey);
  }

  @Override
  public void updateRecord(DataRecord record) {
    powertools.updateRecord(record);
  }

  @Override
  public void deleteRecord(String idempotencyKey) {
    powertools.deleteRecord(idempotencyKey);
  }
}
