package io.ddbsync.benchmarks;

import io.ddbsync.dynamodb.local.LocalDynamoDb;
import io.ddbsync.dynamodb.local.Tables;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.ItemChange;
import io.ddbsync.message.MalformedMessageException;
import io.ddbsync.opensearch.embedded.EmbeddedOpenSearch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Cold start of both Lambda functions, each run in a fresh JVM with only its shaded jar and the
 * timing classes on the class path: the handler's constructor (Lambda's init), the first invocation,
 * the time from starting the process to the first response (JVM start-up included), and the whole
 * process (a second invocation and the exit included). Rows: each function with default flags and
 * with {@code -XX:TieredStopAtLevel=1}, which Lambda's Java 17+ runtimes set; the indexer with
 * idempotency off and with Powertools idempotency on dynalite, as pipeline.yaml deploys it; the
 * indexer with its SnapStart hooks run after the constructor, as before a snapshot, so that its first
 * invocation is the one after a restore (the restore itself not included). The indexer writes to an
 * embedded OpenSearch node started here.
 *
 * <p>Runs go round-robin over the rows, so that load from elsewhere hits them alike; one unrecorded
 * run per row first brings the jars into the page cache.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.ddbsync.benchmarks.ColdStart [runs] [other-indexer-fn.jar...]</pre>
 *
 * <p>runs: fresh JVMs per row, 5 by default. other-indexer-fn.jar: other builds of the indexer
 * (e.g. from a checkout before a change) measured in the same rounds, for a before/after.
 */
public final class ColdStart {

  static final Path ENRICHMENT_SAMPLE = Path.of("samples", "enrichment", "mixed-batch-10.json");
  static final Path INDEXER_SAMPLE = Path.of("samples", "indexer", "upserts.json");
  static final List<String> TIERED_STOP_AT_1 = List.of("-XX:TieredStopAtLevel=1");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** One row of the table: a function, its flags, and how to set up and run one fresh JVM. */
  private record Row(String name, Supplier<ChildJvm.Result> run, List<ChildJvm.Result> results) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path enrichmentJar = LambdaJars.require(LambdaJars.ENRICHMENT);
    Map<String, Path> indexerJars = new LinkedHashMap<>();
    indexerJars.put("indexer", LambdaJars.require(LambdaJars.INDEXER));
    for (int i = 1; i < args.length; i++) {
      indexerJars.put("indexer (" + args[i] + ")", LambdaJars.require(Path.of(args[i])));
    }
    Set<String> indices = indices(INDEXER_SAMPLE);
    ChildJvm jvm = ChildJvm.create();
    HttpClient http = HttpClient.newHttpClient();
    Instant started = Instant.now();
    String loadBefore = loadAverage();

    List<Row> rows = new ArrayList<>();
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.start();
        LocalDynamoDb dynalite = LocalDynamoDb.start();
        DynamoDbClient dynamoDb = client(dynalite.endpoint())) {
      URI openSearch = node.httpUri();
      int[] tables = {0};
      Supplier<String> freshTable =
          () -> {
            String table = "idempotency-cold-start-" + ++tables[0];
            createIdempotencyTable(dynamoDb, table);
            return table;
          };

      for (List<String> flags : List.of(List.<String>of(), TIERED_STOP_AT_1)) {
        String suffix = flags.isEmpty() ? "default flags" : String.join(" ", flags);
        rows.add(new Row("enrichment, " + suffix, () -> jvm.run(
            enrichmentJar, flags, FirstInvocation.class, LambdaJars.enrichmentEnv(),
            List.of(ENRICHMENT_SAMPLE.toString()), TIMEOUT), new ArrayList<>()));
        indexerJars.forEach((label, indexerJar) -> {
          rows.add(indexerRow(label + ", idempotency off, " + suffix, jvm, http, openSearch, indices,
              indexerJar, flags, List.of(), () -> LambdaJars.indexerEnv(openSearch, "", "")));
          rows.add(indexerRow(label + ", idempotency on (dynalite), " + suffix, jvm, http, openSearch, indices,
              indexerJar, flags, List.of(),
              () -> LambdaJars.indexerEnv(openSearch, freshTable.get(), dynalite.endpoint().toString())));
        });
      }
      // After the constructor, the hooks run as before a snapshot; the first invocation is then what
      // follows a restore (less the restore itself).
      Path indexerJar = indexerJars.get("indexer");
      List<String> snapStart = List.of(TIERED_STOP_AT_1.get(0), ChildJvm.SNAPSTART_FLAG);
      rows.add(indexerRow("indexer, idempotency off, SnapStart hooks run, " + TIERED_STOP_AT_1.get(0), jvm, http,
          openSearch, indices, indexerJar, snapStart, List.of("--snapstart"),
          () -> LambdaJars.indexerEnv(openSearch, "", "")));
      rows.add(indexerRow("indexer, idempotency on (dynalite), SnapStart hooks run, " + TIERED_STOP_AT_1.get(0), jvm,
          http, openSearch, indices, indexerJar, snapStart, List.of("--snapstart"),
          () -> LambdaJars.indexerEnv(openSearch, freshTable.get(), dynalite.endpoint().toString())));

      // Page cache and node warm-up: one run of each row, not recorded.
      for (Row row : rows) {
        check(row, row.run().get());
      }
      for (int run = 1; run <= runs; run++) {
        for (Row row : rows) {
          ChildJvm.Result result = row.run().get();
          check(row, result);
          row.results().add(result);
          System.err.printf(Locale.ROOT, "run %d %-50s %s whole_s=%.2f%n", run, row.name(), result.values(), result.wholeSeconds());
        }
      }
    }

    System.out.printf(Locale.ROOT, "%s, %s, %d runs per row, started %s, load average before/after: %s%n",
        ChildJvm.javaVersion(), Runtime.getRuntime().availableProcessors() + " CPUs", runs,
        started.truncatedTo(ChronoUnit.SECONDS), loadBefore + " / " + loadAverage());
    System.out.printf(Locale.ROOT, "jars: %s %,d bytes", enrichmentJar, LambdaJars.size(enrichmentJar));
    indexerJars.values().forEach(jar -> System.out.printf(Locale.ROOT, ", %s %,d bytes", jar, LambdaJars.size(jar)));
    System.out.printf("%n%n");
    System.out.println("| fresh JVM | constructor ms | SnapStart hooks ms | first invocation ms"
        + " | constructor + first invocation ms | process start to first response s | whole process s |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (Row row : rows) {
      List<ChildJvm.Result> results = row.results();
      boolean hooks = results.stream().anyMatch(r -> r.number("checkpoint_ms", 0) > 0);
      // With the hooks run, only the first invocation stands for what SnapStart does: Lambda runs
      // the constructor and the hooks once, when it publishes the version.
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
          row.name(),
          cell(results.stream().mapToDouble(r -> r.number("constructor_ms")).toArray(), "%.0f"),
          hooks ? cell(results.stream().mapToDouble(r -> r.number("checkpoint_ms", 0)).toArray(), "%.0f") : "–",
          cell(results.stream().mapToDouble(r -> r.number("first_invocation_ms")).toArray(), "%.0f"),
          hooks ? "–" : cell(results.stream().mapToDouble(r -> r.number("constructor_ms") + r.number("first_invocation_ms")).toArray(), "%.0f"),
          hooks ? "–" : cell(results.stream().mapToDouble(ChildJvm.Result::firstResponseSeconds).toArray(), "%.2f"),
          hooks ? "–" : cell(results.stream().mapToDouble(ChildJvm.Result::wholeSeconds).toArray(), "%.2f"));
    }
  }

  private static Row indexerRow(
      String name, ChildJvm jvm, HttpClient http, URI openSearch, Set<String> indices, Path jar,
      List<String> flags, List<String> extraArgs, Supplier<Map<String, String>> env) {
    List<String> args = new ArrayList<>(List.of(INDEXER_SAMPLE.toString()));
    args.addAll(extraArgs);
    return new Row(name, () -> {
      LambdaJars.recreate(http, openSearch, indices);
      return jvm.run(jar, flags, IndexerFirstInvocation.class, env.get(), args, TIMEOUT);
    }, new ArrayList<>());
  }

  /** "median (min–max)" of {@code values}. */
  static String cell(double[] values, String format) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format(Locale.ROOT, "**" + format + "** (" + format + "–" + format + ")",
        median, sorted[0], sorted[sorted.length - 1]);
  }

  private static void check(Row row, ChildJvm.Result result) {
    if (!result.ok()
        || !"0".equals(result.values().getOrDefault("failed", "0"))
        || "0".equals(result.values().get("messages"))) {
      throw new IllegalStateException(row.name() + ": the child failed (exit " + result.exitCode() + "):\n" + result.stderr());
    }
  }

  /** The indices the sample's messages write to. */
  static Set<String> indices(Path sqsEvent) throws IOException {
    Set<String> indices = new LinkedHashSet<>();
    for (var record : ChangeMessages.MAPPER.readTree(sqsEvent.toFile()).get("Records")) {
      try {
        if (ChangeMessages.read(record.get("body").asText()) instanceof ItemChange change) {
          indices.add(change.index());
        }
      } catch (MalformedMessageException e) {
        // Poison: writes nowhere.
      }
    }
    return indices;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A table as pipeline.yaml's IdempotencyTable: Powertools' default key {@code id}. */
  private static void createIdempotencyTable(DynamoDbClient dynamoDb, String table) {
    dynamoDb.createTable(
        request ->
            request
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    Tables.awaitActive(dynamoDb, table);
  }

  private ColdStart() {}
}
