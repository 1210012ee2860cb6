package io.ddbsync.cli.command.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.cli.Cli;
import io.ddbsync.cli.MotoServer;
import io.ddbsync.cli.shared.aws.AwsClients;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.opensearch.embedded.SharedOpenSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * {@code run --table} following moto's DynamoDB stream while a writer puts, updates and deletes
 * items; afterwards {@code verify --table} on the same endpoint finds no drift. moto keeps numbers
 * as written ({@code 1.50}, not {@code 1.5}), which the item conversion must absorb.
 */
class FollowTableTest {

  @RegisterExtension static MotoServer moto = new MotoServer();

  static final String TABLE = "follow-items";
  static final String INDEX = "follow-moto-items";

  @TempDir Path dir;

  @Test
  void theIndexFollowsTheWritesAndVerifyFindsNoDrift() throws Exception {
    Path env = dir.resolve("env.json");
    Files.writeString(env, "{\"EnrichmentFunction\":{\"KEY_ATTRIBUTES\":\"pk\",\"DEFAULT_INDEX\":\"" + INDEX
        + "\",\"ROUTES\":\"\"}}");
    try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(Optional.of(moto.endpoint()), Optional.of("us-east-1"))) {
      dynamoDb.createTable(b -> b.tableName(TABLE)
          .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
      List<String> tables = dynamoDb.listTables().tableNames();

      List<String> args = new ArrayList<>(List.of("run", "--template", Cli.template().toString(),
          "--table", TABLE, "--dynamodb-endpoint", moto.endpoint().toString(), "--until-idle", "10s",
          "--env-vars", env.toString(), "--json", "--dump", dir.resolve("dump.jsonl").toString(),
          "--opensearch", SharedOpenSearch.uri().toString(), "--sqs-endpoint", TestEngines.sqs().toString(),
          "--stack", "follow"));
      CompletableFuture<Cli.Result> following = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));

      int writes = 0;
      for (int i = 0; i < 12; i++) {
        int k = i;
        dynamoDb.putItem(b -> b.tableName(TABLE).item(Map.of("pk", s("item-" + k % 8), "price", n("1.50"),
            "name", s("name " + k), "tags", AttributeValue.fromSs(List.of("a", "b")))));
        writes++;
      }
      for (int i = 0; i < 8; i += 2) {
        int k = i;
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("item-" + k)))
            .updateExpression("SET price = :p, qty = :q")
            .expressionAttributeValues(Map.of(":p", n("2.0"), ":q", n("100.000"))));
        writes++;
      }
      for (String gone : List.of("item-1", "item-4")) {
        dynamoDb.deleteItem(b -> b.tableName(TABLE).key(Map.of("pk", s(gone))));
        writes++;
      }

      Cli.Result run = following.get();
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      JsonNode summary = ChangeMessages.MAPPER.readTree(run.lastLine());
      assertThat(summary.path("records").asLong()).as(summary.toString()).isEqualTo(writes);
      assertThat(summary.path("liveDocuments").asLong()).as(summary.toString()).isEqualTo(6);
      assertThat(Files.readAllLines(dir.resolve("dump.jsonl"))).hasSize(6);

      Cli.Result verify = Cli.run("verify", "--table", TABLE, "--endpoint", moto.endpoint().toString(),
          "--region", "us-east-1", "--opensearch", SharedOpenSearch.uri().toString(),
          "--template", Cli.template().toString(), "--config", "KEY_ATTRIBUTES=pk", "--config", "DEFAULT_INDEX=" + INDEX,
          "--config", "ROUTES=", "--json");
      JsonNode result = ChangeMessages.MAPPER.readTree(verify.lastLine());
      assertThat(result.path("drift").asInt()).as(verify.out() + verify.err()).isZero();
      assertThat(result.path("indices").path(INDEX).path("items").asInt()).as(result.toString()).isEqualTo(6);
      assertThat(verify.exitCode()).isZero();

      assertThat(dynamoDb.listTables().tableNames()).as("nothing is created at the followed endpoint")
          .isEqualTo(tables);
    }
  }

  @Test
  void aTableWithoutAStreamIsAClearError() throws Exception {
    try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(Optional.of(moto.endpoint()), Optional.of("us-east-1"))) {
      dynamoDb.createTable(b -> b.tableName("no-stream")
          .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
          .billingMode(BillingMode.PAY_PER_REQUEST));
    }
    Cli.Result run = Cli.run("run", "--template", Cli.template().toString(), "--table", "no-stream",
        "--dynamodb-endpoint", moto.endpoint().toString(), "--until-idle", "1s",
        "--opensearch", SharedOpenSearch.uri().toString(), "--sqs-endpoint", TestEngines.sqs().toString(),
        "--stack", "follow-none");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("table no-stream has no stream");
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }
}
