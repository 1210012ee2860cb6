package io.ddbsync.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** What the indexer's idempotency store, backfill and verify rely on, checked against dynalite. */
class DynaliteFeaturesTest {

    private static DynamoDbClient client;

    @BeforeAll
    static void connect() {
        client = Clients.dynamoDb(SharedDynamoDb.endpoint());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void createdTableIsActiveAtOnce() {
        String table = newTable();

        assertThat(client.describeTable(d -> d.tableName(table)).table().tableStatus())
                .isEqualTo(TableStatus.ACTIVE);
    }

    @Test
    void consistentGetReadsThePutItem() {
        String table = newTable();
        client.putItem(put -> put.tableName(table).item(Map.of("pk", s("ORDER#1"), "total", n("12.5"))));

        Map<String, AttributeValue> item = client.getItem(get -> get.tableName(table)
                .key(Map.of("pk", s("ORDER#1"))).consistentRead(true)).item();

        assertThat(item).containsEntry("total", n("12.5"));
    }

    @Test
    void conditionalPutOfExistingKeyFailsWithConditionalCheckFailed() {
        String table = newTable();
        client.putItem(put -> put.tableName(table).item(Map.of("pk", s("ORDER#1"), "v", n("1"))));

        assertThatThrownBy(() -> client.putItem(put -> put.tableName(table)
                .item(Map.of("pk", s("ORDER#1"), "v", n("2")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(client.getItem(get -> get.tableName(table).key(Map.of("pk", s("ORDER#1")))
                .consistentRead(true)).item()).containsEntry("v", n("1"));
    }

    @Test
    void idempotencyConditionRejectsALiveRecordAndReplacesAnExpiredOne() {
        // The condition Powertools' DynamoDBPersistenceStore (1.15.0) puts its records with.
        String condition = "attribute_not_exists(#id) OR #expiry < :now OR (attribute_exists(#in_progress_expiry)"
                + " AND #in_progress_expiry < :now AND #status = :inprogress)";
        Map<String, String> names = Map.of("#id", "pk", "#expiry", "expiration",
                "#in_progress_expiry", "in_progress_expiration", "#status", "status");
        Map<String, AttributeValue> values = Map.of(":now", n("1000"), ":inprogress", s("INPROGRESS"));
        String table = newTable();
        client.putItem(put -> put.tableName(table)
                .item(Map.of("pk", s("live"), "expiration", n("2000"), "status", s("COMPLETED"))));
        client.putItem(put -> put.tableName(table)
                .item(Map.of("pk", s("expired"), "expiration", n("999"), "status", s("COMPLETED"))));

        assertThatThrownBy(() -> client.putItem(put -> put.tableName(table)
                .item(Map.of("pk", s("live"), "expiration", n("4600"), "status", s("INPROGRESS")))
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)))
                .isInstanceOf(ConditionalCheckFailedException.class);
        client.putItem(put -> put.tableName(table)
                .item(Map.of("pk", s("expired"), "expiration", n("4600"), "status", s("INPROGRESS")))
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
        assertThat(client.getItem(get -> get.tableName(table).key(Map.of("pk", s("expired")))
                .consistentRead(true)).item()).containsEntry("status", s("INPROGRESS"));
    }

    @Test
    void batchWriteAndParallelScanSegmentsPartitionTheTable() {
        String table = newTable();
        Set<String> written = IntStream.range(0, 100).mapToObj(i -> "ITEM#" + i).collect(Collectors.toSet());
        List<WriteRequest> puts = written.stream()
                .map(pk -> WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(Map.of("pk", s(pk))).build()).build())
                .toList();
        for (int from = 0; from < puts.size(); from += 25) {
            List<WriteRequest> batch = puts.subList(from, from + 25);
            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
            assertThat(response.unprocessedItems()).isEmpty();
        }

        int totalSegments = 4;
        List<Set<String>> segments = new ArrayList<>();
        for (int segment = 0; segment < totalSegments; segment++) {
            segments.add(scanSegment(table, segment, totalSegments));
        }

        Set<String> union = new HashSet<>();
        segments.forEach(union::addAll);
        assertThat(union).isEqualTo(written);
        assertThat(segments.stream().mapToInt(Set::size).sum()).as("no item in two segments").isEqualTo(100);
        assertThat(segments).as("every segment holds some items").allSatisfy(keys -> assertThat(keys).isNotEmpty());
    }

    @Test
    void updateTimeToLiveIsNotImplemented() {
        // Powertools never calls it (pipeline.yaml sets the idempotency table's TTL), so tests need not either.
        String table = newTable();

        assertThatThrownBy(() -> client.updateTimeToLive(u -> u.tableName(table)
                .timeToLiveSpecification(ttl -> ttl.attributeName("expiration").enabled(true))))
                .isInstanceOfSatisfying(DynamoDbException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
        assertThat(client.describeTimeToLive(d -> d.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
    }

    @Test
    void transactionsAreNotImplemented() {
        String table = newTable();

        assertThatThrownBy(() -> client.transactWriteItems(t -> t.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(Map.of("pk", s("ORDER#1")))).build())))
                .isInstanceOfSatisfying(DynamoDbException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
    }

    private static Set<String> scanSegment(String table, int segment, int totalSegments) {
        Set<String> keys = new HashSet<>();
        ScanRequest request = ScanRequest.builder().tableName(table).consistentRead(true)
                .segment(segment).totalSegments(totalSegments).limit(10).build();
        ScanResponse page;
        do {
            page = client.scan(request);
            page.items().forEach(item -> keys.add(item.get("pk").s()));
            request = request.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        } while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
        return keys;
    }

    private static String newTable() {
        String name = "features-" + UUID.randomUUID();
        Clients.createTable(client, name);
        return name;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
