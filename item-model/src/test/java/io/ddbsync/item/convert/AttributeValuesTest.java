package io.ddbsync.item.convert;

import static io.ddbsync.testsupport.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.item.InvalidRecordException;
import io.ddbsync.message.ChangeMessages;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {

  private static String plain(String dynamoJson) throws Exception {
    return ChangeMessages.MAPPER.writeValueAsString(AttributeValues.toJson(json(dynamoJson), "a"));
  }

  @Test
  void scalarTypesBecomePlainJson() throws Exception {
    assertThat(plain("{'S':'héllo'}")).isEqualTo("\"héllo\"");
    assertThat(plain("{'S':''}")).isEqualTo("\"\"");
    assertThat(plain("{'N':'42'}")).isEqualTo("42");
    assertThat(plain("{'N':'-7.25'}")).isEqualTo("-7.25");
    assertThat(plain("{'B':'AAEC/w=='}")).isEqualTo("\"AAEC/w==\"");
    assertThat(plain("{'BOOL':true}")).isEqualTo("true");
    assertThat(plain("{'BOOL':false}")).isEqualTo("false");
    assertThat(plain("{'NULL':true}")).isEqualTo("null");
  }

  @Test
  void numbersKeepEveryDigitInPlainNotation() throws Exception {
    assertThat(plain("{'N':'12345678901234567890.123456789'}")).isEqualTo("12345678901234567890.123456789");
    assertThat(plain("{'N':'-0.000000000000000000001'}")).isEqualTo("-0.000000000000000000001");
    assertThat(plain("{'N':'99999999999999999999999999999999999999'}"))
        .isEqualTo("99999999999999999999999999999999999999");
    assertThat(plain("{'N':'1E+3'}")).isEqualTo("1000");
    assertThat(plain("{'N':'1.50'}")).isEqualTo("1.50");
  }

  @Test
  void integersStayIntegersOfTheParsersNodeType() {
    assertThat(AttributeValues.number("7", "a")).isEqualTo(json("7"));
    assertThat(AttributeValues.number("9007199254740993", "a")).isEqualTo(json("9007199254740993"));
    assertThat(AttributeValues.number("123456789012345678901234567890", "a"))
        .isEqualTo(json("123456789012345678901234567890"));
    assertThat(AttributeValues.number("7", "a").isIntegralNumber()).isTrue();
  }

  @Test
  void setsBecomeArraysSortedByValue() throws Exception {
    assertThat(plain("{'SS':['pear','apple','fig']}")).isEqualTo("[\"apple\",\"fig\",\"pear\"]");
    assertThat(plain("{'NS':['10','9.5','-1','100000000000000000000']}"))
        .isEqualTo("[-1,9.5,10,100000000000000000000]");
    assertThat(plain("{'BS':['Zg==','YQ==']}")).isEqualTo("[\"YQ==\",\"Zg==\"]");
  }

  @Test
  void listsAndMapsNestToAnyDepthAndMayBeEmpty() throws Exception {
    assertThat(plain("{'L':[]}")).isEqualTo("[]");
    assertThat(plain("{'M':{}}")).isEqualTo("{}");
    assertThat(
            plain(
                "{'M':{'lines':{'L':[{'M':{'sku':{'S':'A-1'},'qty':{'N':'2'},"
                    + "'tags':{'L':[{'L':[{'NULL':true},{'BOOL':true}]}]}}}]}}}"))
        .isEqualTo("{\"lines\":[{\"sku\":\"A-1\",\"qty\":2,\"tags\":[[null,true]]}]}");
  }

  @Test
  void imageBecomesDocumentWithTheSameAttributeNames() {
    JsonNode document =
        AttributeValues.toDocument(json("{'pk':{'S':'ORDER#1'},'total':{'N':'10.00'},'note':{'S':''}}"), "NewImage");
    assertThat(document).isEqualTo(json("{'pk':'ORDER#1','total':10.00,'note':''}"));
  }

  @Test
  void unknownTypeIsRefusedNamingThePathAndType() {
    assertThatThrownBy(
            () -> AttributeValues.toDocument(json("{'address':{'M':{'city':{'X':'Paris'}}}}"), "NewImage"))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("attribute NewImage.address.city has unknown type 'X'")
        .hasMessageNotContaining("Paris");
  }

  @Test
  void listElementsAreNamedByIndexInErrors() {
    assertThatThrownBy(() -> AttributeValues.toJson(json("{'L':[{'S':'a'},{'N':'x1'}]}"), "NewImage.tags"))
        .hasMessage("attribute NewImage.tags[1] has an N value that is not a number");
  }

  @Test
  void malformedValuesAreRefusedWithoutTheirContent() {
    assertThatThrownBy(() -> AttributeValues.toJson(json("{'S':'a','N':'1'}"), "p"))
        .hasMessageContaining("attribute p is not a DynamoDB attribute value");
    assertThatThrownBy(() -> AttributeValues.toJson(json("'secret'"), "p"))
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AttributeValues.toJson(json("{'S':5}"), "p"))
        .hasMessage("attribute p of type S does not hold a string");
    assertThatThrownBy(() -> AttributeValues.toJson(json("{'BOOL':'yes'}"), "p"))
        .hasMessage("attribute p of type BOOL does not hold a boolean");
    assertThatThrownBy(() -> AttributeValues.toJson(json("{'SS':'a'}"), "p"))
        .hasMessage("attribute p of type SS does not hold an array");
    assertThatThrownBy(() -> AttributeValues.toJson(json("{'M':[]}"), "p")).hasMessage("p is not an object");
  }

  @Test
  void numbersBeyondDynamoDbsRangeAreRefusedRatherThanExpanded() {
    assertThatThrownBy(() -> AttributeValues.number("1E+999999999", "n"))
        .hasMessage("attribute n has an N value outside DynamoDB's range");
    assertThatThrownBy(() -> AttributeValues.number("1E-999999999", "n"))
        .hasMessage("attribute n has an N value outside DynamoDB's range");
    assertThat(AttributeValues.number("9.9999999999999999999999999999999999999E+125", "n").isNumber()).isTrue();
    assertThat(AttributeValues.number("1E-130", "n").isNumber()).isTrue();
  }
}
