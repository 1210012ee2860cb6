package io.ddbsync.cli;

import io.ddbsync.cli.command.verify.VerifyCommand;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.cli.shared.scan.ItemDocuments;
import io.ddbsync.dynamodb.local.SharedDynamoDb;
import io.ddbsync.dynamodb.local.Tables;
import io.ddbsync.enrichment.EnrichmentConfig;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A dynalite table of generated items of every attribute type, routed by {@code kind} to two indices
 * of the shared embedded OpenSearch node; each test gets its own table and indices.
 */
public final class TestTables {

  private static final AtomicInteger NEXT = new AtomicInteger();

  public final String table;
  public final String orders;
  public final String others;
  public final DynamoDbClient dynamoDb;
  public final NodeJson openSearch;
  private final Random random;

  public TestTables(long seed) {
    String suffix = ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
    this.table = "items-" + suffix;
    this.orders = "orders-" + suffix;
    this.others = "others-" + suffix;
    this.random = new Random(seed);
    this.dynamoDb = AwsClients.dynamoDb(Optional.of(SharedDynamoDb.endpoint()), Optional.of("us-east-1"));
    this.openSearch = new NodeJson(SharedOpenSearch.uri());
    dynamoDb.createTable(b -> b.tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            d -> d.attributeName("pk").attributeType(ScalarAttributeType.S),
            d -> d.attributeName("sk").attributeType(ScalarAttributeType.N))
        .keySchema(
            k -> k.attributeName("pk").keyType(KeyType.HASH),
            k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    Tables.awaitActive(dynamoDb, table);
    for (String index : List.of(orders, others)) {
      // Documents keep every number exactly in _source; not mapping them keeps odd values
      // (1E+125, 1E-130) from tripping dynamic mapping, which is the indexer's business, not this test's.
      openSearch.json("PUT", "/" + index,
          "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
              + "\"mappings\":{\"dynamic\":false,\"properties\":{\"@deleted\":{\"type\":\"boolean\"}}}}");
    }
  }

  /** The enrichment variables of this table's pipeline. */
  public Map<String, String> enrichmentEnvironment() {
    return Map.of("KEY_ATTRIBUTES", "pk,sk", "ROUTES", "kind=order=>" + orders, "DEFAULT_INDEX", others,
        "IGNORED_ATTRIBUTES", "updatedAt");
  }

  /** The same, as {@code --config} options. */
  public List<String> configOptions() {
    List<String> options = new ArrayList<>();
    enrichmentEnvironment().forEach((name, value) -> options.addAll(List.of("--config", name + "=" + value)));
    return options;
  }

  /** Converts items as the pipeline does. */
  public ItemDocuments documents() {
    return new ItemDocuments(EnrichmentConfig.fromEnv(enrichmentEnvironment()), List.of("pk", "sk"));
  }

  /** Options of {@code backfill --direct} of this table into its indices, the summary as JSON. */
  public List<String> directBackfillOptions(Path checkpoint) {
    List<String> options = new ArrayList<>(List.of("--table", table, "--endpoint", endpoint(), "--direct",
        "--opensearch", openSearchUrl(), "--checkpoint", checkpoint.toString(), "--no-progress", "--json"));
    options.addAll(configOptions());
    return options;
  }

  /** {@code verify --json} of this table against its indices, with {@code more} options. */
  public Commands.Run verify(List<String> more) {
    List<String> options = new ArrayList<>(List.of("--table", table, "--endpoint", endpoint(),
        "--opensearch", openSearchUrl(), "--json"));
    options.addAll(more);
    return Commands.run(new VerifyCommand(), options, configOptions());
  }

  public String endpoint() {
    return SharedDynamoDb.endpoint().toString();
  }

  public String openSearchUrl() {
    return SharedOpenSearch.uri().toString();
  }

  /** Writes {@code count} items with BatchWriteItem; returns them. */
  public List<Map<String, AttributeValue>> load(int count) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> item = item(i, 0);
      items.add(item);
      batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
      if (batch.size() == 25 || i == count - 1) {
        Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(batch));
        while (!pending.isEmpty()) {
          Map<String, List<WriteRequest>> requests = pending;
          BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(requests));
          pending = response.unprocessedItems();
        }
        batch.clear();
      }
    }
    return items;
  }

  /** Item {@code i} in its {@code revision}: every attribute type, big and tiny decimals included. */
  public synchronized Map<String, AttributeValue> item(int i, int revision) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("ITEM#" + i));
    item.put("sk", AttributeValue.fromN(Integer.toString(i % 7)));
    item.put("kind", AttributeValue.fromS(i % 3 == 0 ? "order" : "other"));
    item.put("name", AttributeValue.fromS("naïve café №" + i + " rev " + revision));
    item.put("revision", AttributeValue.fromN(Integer.toString(revision)));
    item.put("big", AttributeValue.fromN("12345678901234567890123456.78901234567" + (i % 10)));
    item.put("tiny", AttributeValue.fromN("0.00000000000000000000000000000000000001" + (i % 9 + 1)));
    item.put("huge", AttributeValue.fromN("9.99E+125"));
    item.put("negative", AttributeValue.fromN("-" + random.nextInt(1_000_000)));
    item.put("price", AttributeValue.fromN(random.nextInt(100_000) + ".5"));
    byte[] bytes = new byte[1 + random.nextInt(24)];
    random.nextBytes(bytes);
    item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
    item.put("active", AttributeValue.fromBool(random.nextBoolean()));
    item.put("nothing", AttributeValue.fromNul(true));
    item.put("tags", AttributeValue.fromSs(List.of("t" + random.nextInt(5), "u" + random.nextInt(5), "v")));
    item.put("scores", AttributeValue.fromNs(List.of("1.25", "-3", "100000000000000000000000000000000001", "0.5")));
    item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("a" + i), SdkBytes.fromUtf8String("b"))));
    item.put("list", AttributeValue.fromL(List.of(
        AttributeValue.fromS("x"),
        AttributeValue.fromN("3.14159265358979323846264338327950288"),
        AttributeValue.fromM(Map.of("deep", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))))))));
    item.put("address", AttributeValue.fromM(Map.of(
        "city", AttributeValue.fromS("Zürich"),
        "geo", AttributeValue.fromM(Map.of("lat", AttributeValue.fromN("47.3769"), "lon", AttributeValue.fromN("8.5417"))),
        "zip", AttributeValue.fromN(Integer.toString(8000 + i % 100)))));
    item.put("updatedAt", AttributeValue.fromN(Long.toString(1_700_000_000L + random.nextInt(1_000_000))));
    return item;
  }

  public Map<String, AttributeValue> key(int i) {
    return Map.of("pk", AttributeValue.fromS("ITEM#" + i), "sk", AttributeValue.fromN(Integer.toString(i % 7)));
  }
}
