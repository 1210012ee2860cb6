package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * The active filter and the commented examples in pipeline.yaml, run through Event Ruler (the
 * engine behind EventBridge patterns) on stream records shaped as Pipes delivers them.
 */
class FilterPatternsTest {

  private static final Pattern COMMENTED_PATTERN = Pattern.compile("(?m)^\\s*#\\s*- Pattern: '(.*)'\\s*$");

  private static final String INSERT_ORDER = record("INSERT", "ORDER#1",
      "\"NewImage\":{\"pk\":{\"S\":\"ORDER#1\"},\"entityType\":{\"S\":\"Order\"},\"price\":{\"N\":\"250\"}}", "");
  private static final String REMOVE_ORDER = record("REMOVE", "ORDER#1",
      "\"OldImage\":{\"pk\":{\"S\":\"ORDER#1\"},\"entityType\":{\"S\":\"Order\"},\"price\":{\"N\":\"250\"}}", "");
  private static final String TTL_REMOVE_ORDER = record("REMOVE", "ORDER#1",
      "\"OldImage\":{\"pk\":{\"S\":\"ORDER#1\"},\"entityType\":{\"S\":\"Order\"}}",
      ",\"userIdentity\":{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"}");
  private static final String INSERT_CUSTOMER = record("INSERT", "CUSTOMER#7",
      "\"NewImage\":{\"pk\":{\"S\":\"CUSTOMER#7\"},\"entityType\":{\"S\":\"Customer\"}}", "");

  private static String record(String eventName, String pk, String images, String extra) {
    return "{\"eventID\":\"e1\",\"eventName\":\"" + eventName + "\",\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\","
        + "\"awsRegion\":\"eu-west-1\",\"dynamodb\":{\"ApproximateCreationDateTime\":1700000000,"
        + "\"Keys\":{\"pk\":{\"S\":\"" + pk + "\"}}," + images + ",\"SequenceNumber\":\"111100000000000000001\","
        + "\"SizeBytes\":90,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}" + extra
        + ",\"eventSourceARN\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2024\"}";
  }

  /** Whether any of the patterns matches the record, as Pipes applies a list of filters. */
  private static boolean passes(List<String> patterns, String record) throws Exception {
    Machine machine = new Machine();
    for (int i = 0; i < patterns.size(); i++) {
      machine.addRule("filter" + i, patterns.get(i));
    }
    return !machine.rulesForJSONEvent(record).isEmpty();
  }

  private static List<String> commentedExample(String containing) {
    return commented().stream().filter(p -> p.contains(containing)).toList();
  }

  private static List<String> commented() {
    Matcher m = COMMENTED_PATTERN.matcher(Repo.read(Repo.templatePath()));
    return m.results().map(r -> r.group(1)).toList();
  }

  @Test
  void commentedExamplesCompileSoTheyCanBeUncommented() {
    assertThat(commented()).hasSize(5);
    assertThat(TemplateChecks.filterPatternProblems(commented())).isEmpty();
  }

  @Test
  void activeFilterPassesEveryChange() throws Exception {
    List<String> active = Repo.template().filterPatterns();
    for (String record : List.of(INSERT_ORDER, REMOVE_ORDER, TTL_REMOVE_ORDER, INSERT_CUSTOMER)) {
      assertThat(passes(active, record)).as(record).isTrue();
    }
  }

  @Test
  void keyPrefixExampleKeepsDeletesOfMatchingItems() throws Exception {
    List<String> prefix = commentedExample("prefix");
    assertThat(passes(prefix, INSERT_ORDER)).isTrue();
    assertThat(passes(prefix, REMOVE_ORDER)).isTrue();
    assertThat(passes(prefix, INSERT_CUSTOMER)).isFalse();
  }

  @Test
  void entityTypeExampleNeedsTheOldImagePatternToKeepDeletes() throws Exception {
    List<String> both = commentedExample("entityType");
    List<String> newImageOnly = both.stream().filter(p -> p.contains("NewImage")).toList();
    assertThat(both).hasSize(2);
    assertThat(passes(newImageOnly, REMOVE_ORDER)).isFalse();
    assertThat(passes(both, REMOVE_ORDER)).isTrue();
    assertThat(passes(both, INSERT_CUSTOMER)).isTrue();
  }

  @Test
  void ttlExampleDropsOnlyExpiries() throws Exception {
    List<String> noTtl = commentedExample("userIdentity");
    assertThat(passes(noTtl, TTL_REMOVE_ORDER)).isFalse();
    assertThat(passes(noTtl, REMOVE_ORDER)).isTrue();
    assertThat(passes(noTtl, INSERT_ORDER)).isTrue();
  }

  @Test
  void numericExampleNeverMatchesDynamoDbNumbers() throws Exception {
    List<String> numeric = commentedExample("numeric");
    // price is 250 > 100, but arrives as the string "250".
    assertThat(passes(numeric, INSERT_ORDER)).isFalse();
    assertThat(passes(numeric, INSERT_ORDER.replace("{\"N\":\"250\"}", "{\"N\":250}"))).isTrue();
  }
}
