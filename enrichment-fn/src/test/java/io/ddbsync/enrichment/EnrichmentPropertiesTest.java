package io.ddbsync.enrichment;

import io.ddbsync.testsupport.Json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.item.convert.AttributeValues;
import io.ddbsync.message.ChangeMessage;
import io.ddbsync.message.ChangeMessages;
import io.ddbsync.message.Upsert;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties over random DynamoDB images. Each generated attribute value comes with the plain JSON it
 * must become, built independently of {@link AttributeValues} (numbers through Jackson's parser,
 * sets sorted here).
 */
class EnrichmentPropertiesTest {

  private static final List<String> NAMES = List.of("status", "total", "tags", "note", "meta", "updatedAt", "flag");

  /** A DynamoDB JSON value and the plain JSON it must convert to. */
  record Av(JsonNode dynamo, JsonNode plain) {}

  record Image(ObjectNode dynamo, Map<String, JsonNode> plain) {}

  record Case(Image oldImage, Image newImage, Set<String> indexed, Set<String> ignored) {}

  // ---- properties

  @Property(tries = 300)
  void emittedDocumentIsTheProjectedConvertedNewImage(@ForAll("cases") Case c) throws Exception {
    Enrichment enrichment = enrichment(c);
    ObjectNode record = Json.record("INSERT", "NEW_AND_OLD_IMAGES", "{'pk':{'S':'ITEM#1'}}", "{}", null);
    ((ObjectNode) record.get("dynamodb")).set("NewImage", c.newImage().dynamo());

    List<ChangeMessage> messages = enrichment.enrich(List.of(record)).messages();

    ObjectNode expected = projected(c.newImage(), c);
    assertThat(messages).singleElement().isInstanceOf(Upsert.class);
    Upsert upsert = (Upsert) messages.get(0);
    assertThat(upsert.document()).isEqualTo(expected);
    // and nothing is lost on the way to the queue
    assertThat(ChangeMessages.MAPPER.readTree(ChangeMessages.write(upsert)).get("document")).isEqualTo(expected);
  }

  @Property(tries = 300)
  void diffingNeverDropsARealChange(@ForAll("cases") Case c) {
    Enrichment enrichment = enrichment(c);
    ObjectNode record = Json.record("MODIFY", "NEW_AND_OLD_IMAGES", "{'pk':{'S':'ITEM#1'}}", "{}", "{}");
    ((ObjectNode) record.get("dynamodb")).set("NewImage", c.newImage().dynamo());
    ((ObjectNode) record.get("dynamodb")).set("OldImage", c.oldImage().dynamo());

    EnrichmentResult result = enrichment.enrich(List.of(record));

    ObjectNode expectedNew = projected(c.newImage(), c);
    if (!expectedNew.equals(projected(c.oldImage(), c))) {
      assertThat(result.messages()).singleElement().isInstanceOf(Upsert.class);
      assertThat(((Upsert) result.messages().get(0)).document()).isEqualTo(expectedNew);
    } else {
      assertThat(result.messages()).isEmpty();
      assertThat(result.counts().skipped()).isEqualTo(1);
    }
  }

  @Property(tries = 1000)
  void numbersRoundTripExactlyInPlainNotation(@ForAll("dynamoNumbers") BigDecimal number, @ForAll("forms") int form)
      throws Exception {
    String text =
        switch (form) {
          case 0 -> number.toString();
          case 1 -> number.toPlainString();
          default -> number.toEngineeringString();
        };

    String written = ChangeMessages.MAPPER.writeValueAsString(AttributeValues.toJson(ChangeMessages.MAPPER.createObjectNode().put("N", text), "n"));

    assertThat(written).doesNotContainIgnoringCase("e");
    assertThat(new BigDecimal(written)).isEqualByComparingTo(number);
    assertThat(ChangeMessages.MAPPER.readTree(written).decimalValue()).isEqualByComparingTo(number);
  }

  // ---- helpers

  private static Enrichment enrichment(Case c) {
    Map<String, String> env = new HashMap<>();
    env.put("INDEXED_ATTRIBUTES", String.join(",", c.indexed()));
    env.put("IGNORED_ATTRIBUTES", String.join(",", c.ignored()));
    return new Enrichment(EnrichmentConfig.fromEnv(env));
  }

  private static ObjectNode projected(Image image, Case c) {
    ObjectNode document = ChangeMessages.MAPPER.createObjectNode();
    image.plain().forEach(
        (name, value) -> {
          if ((c.indexed().isEmpty() || c.indexed().contains(name)) && !c.ignored().contains(name)) {
            document.set(name, value);
          }
        });
    return document;
  }

  // ---- generators

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Set<String>> subsets = Arbitraries.of(NAMES).set().ofMaxSize(3);
    return Combinators.combine(
            images(), images(), Arbitraries.of(NAMES), av(2), Arbitraries.integers().between(0, 3), subsets, subsets)
        .as(
            (old, fresh, name, value, how, indexed, ignored) ->
                new Case(
                    old,
                    switch (how) {
                      case 0 -> old; // unchanged
                      case 1 -> with(old, name, value); // one attribute set
                      case 2 -> without(old, name); // one attribute removed
                      default -> fresh; // anything
                    },
                    indexed,
                    ignored));
  }

  private static Image with(Image image, String name, Av value) {
    ObjectNode dynamo = image.dynamo().deepCopy();
    dynamo.set(name, value.dynamo());
    Map<String, JsonNode> plain = new LinkedHashMap<>(image.plain());
    plain.put(name, value.plain());
    return new Image(dynamo, plain);
  }

  private static Image without(Image image, String name) {
    ObjectNode dynamo = image.dynamo().deepCopy();
    dynamo.remove(name);
    Map<String, JsonNode> plain = new LinkedHashMap<>(image.plain());
    plain.remove(name);
    return new Image(dynamo, plain);
  }

  private Arbitrary<Image> images() {
    return Arbitraries.maps(Arbitraries.of(NAMES), av(3))
        .ofMaxSize(NAMES.size())
        .map(
            attributes -> {
              ObjectNode dynamo = ChangeMessages.MAPPER.createObjectNode();
              Map<String, JsonNode> plain = new LinkedHashMap<>();
              dynamo.set("pk", Json.json("{'S':'ITEM#1'}"));
              plain.put("pk", ChangeMessages.MAPPER.getNodeFactory().textNode("ITEM#1"));
              attributes.forEach(
                  (name, value) -> {
                    dynamo.set(name, value.dynamo());
                    plain.put(name, value.plain());
                  });
              return new Image(dynamo, plain);
            });
  }

  private static Arbitrary<Av> av(int depth) {
    List<Arbitrary<Av>> choices = new ArrayList<>(List.of(s(), n(), b(), bool(), nul(), ss(), ns(), bs()));
    if (depth > 0) {
      choices.add(list(depth - 1));
      choices.add(map(depth - 1));
    }
    @SuppressWarnings("unchecked")
    Arbitrary<Av>[] array = choices.toArray(new Arbitrary[0]);
    return Arbitraries.oneOf(List.of(array));
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.strings()
        .ascii()
        .withChars('ä', 'ö', '€', '東', '\n', '"', '\\', '|')
        .ofMaxLength(12);
  }

  private static Av typed(String type, JsonNode content, JsonNode plain) {
    ObjectNode dynamo = ChangeMessages.MAPPER.createObjectNode();
    dynamo.set(type, content);
    return new Av(dynamo, plain);
  }

  private static JsonNode text(String s) {
    return ChangeMessages.MAPPER.getNodeFactory().textNode(s);
  }

  private static JsonNode parsed(String json) {
    try {
      return ChangeMessages.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Arbitrary<Av> s() {
    return strings().map(s -> typed("S", text(s), text(s)));
  }

  private static Arbitrary<Av> n() {
    return dynamoNumberArbitrary().map(d -> typed("N", text(d.toString()), parsed(d.toPlainString())));
  }

  private static Arbitrary<String> base64() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(9).map(b -> Base64.getEncoder().encodeToString(b));
  }

  private static Arbitrary<Av> b() {
    return base64().map(s -> typed("B", text(s), text(s)));
  }

  private static Arbitrary<Av> bool() {
    return Arbitraries.of(true, false)
        .map(v -> typed("BOOL", ChangeMessages.MAPPER.getNodeFactory().booleanNode(v), ChangeMessages.MAPPER.getNodeFactory().booleanNode(v)));
  }

  private static Arbitrary<Av> nul() {
    return Arbitraries.just(typed("NULL", ChangeMessages.MAPPER.getNodeFactory().booleanNode(true), ChangeMessages.MAPPER.getNodeFactory().nullNode()));
  }

  private static Arbitrary<Av> ss() {
    return strings().set().ofMinSize(1).ofMaxSize(4).map(set -> stringSet("SS", set));
  }

  private static Arbitrary<Av> bs() {
    return base64().set().ofMinSize(1).ofMaxSize(4).map(set -> stringSet("BS", set));
  }

  private static Av stringSet(String type, Set<String> set) {
    ArrayNode content = ChangeMessages.MAPPER.createArrayNode();
    set.forEach(content::add);
    ArrayNode plain = ChangeMessages.MAPPER.createArrayNode();
    new TreeSet<>(set).forEach(plain::add);
    return typed(type, content, plain);
  }

  private static Arbitrary<Av> ns() {
    return dynamoNumberArbitrary()
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            numbers -> {
              // DynamoDB sets hold distinct numbers
              TreeSet<BigDecimal> distinct = new TreeSet<>(Comparator.naturalOrder());
              distinct.addAll(numbers);
              List<BigDecimal> shuffled = new ArrayList<>(distinct);
              java.util.Collections.reverse(shuffled);
              ArrayNode content = ChangeMessages.MAPPER.createArrayNode();
              shuffled.forEach(d -> content.add(d.toString()));
              ArrayNode plain = ChangeMessages.MAPPER.createArrayNode();
              distinct.forEach(d -> plain.add(parsed(d.toPlainString())));
              return typed("NS", content, plain);
            });
  }

  private static Arbitrary<Av> list(int depth) {
    return av(depth)
        .list()
        .ofMaxSize(3)
        .map(
            elements -> {
              ArrayNode content = ChangeMessages.MAPPER.createArrayNode();
              ArrayNode plain = ChangeMessages.MAPPER.createArrayNode();
              elements.forEach(e -> {
                content.add(e.dynamo());
                plain.add(e.plain());
              });
              return typed("L", content, plain);
            });
  }

  private static Arbitrary<Av> map(int depth) {
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5), av(depth))
        .ofMaxSize(3)
        .map(
            entries -> {
              ObjectNode content = ChangeMessages.MAPPER.createObjectNode();
              ObjectNode plain = ChangeMessages.MAPPER.createObjectNode();
              entries.forEach((k, v) -> {
                content.set(k, v.dynamo());
                plain.set(k, v.plain());
              });
              return typed("M", content, plain);
            });
  }

  @Provide
  Arbitrary<BigDecimal> dynamoNumbers() {
    return dynamoNumberArbitrary();
  }

  @Provide
  Arbitrary<Integer> forms() {
    return Arbitraries.integers().between(0, 2);
  }

  /** Numbers DynamoDB can hold: up to 38 significant digits, magnitudes 1E-130 to under 1E+126. */
  private static Arbitrary<BigDecimal> dynamoNumberArbitrary() {
    Arbitrary<BigInteger> unscaled =
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(38).map(BigInteger::new);
    Arbitrary<Integer> scale = Arbitraries.integers().between(-88, 130).withDistribution(net.jqwik.api.RandomDistribution.gaussian(0.3));
    return Combinators.combine(unscaled, scale, Arbitraries.of(1, -1))
        .as((u, s, sign) -> new BigDecimal(sign < 0 ? u.negate() : u, s));
  }
}
