package io.ddbsync.opensearch.unindexed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class UnindexedValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Test
  void listsMixingTypesAreMovedAsideAtTheirOwnPath() {
    ObjectNode document = json("{'id':1,'l':[1,'x'],'m':{'n':[true,{'a':1}],'ok':[1,2.5,null]}}");

    UnindexedValues.Reshaped reshaped = UnindexedValues.mixedListsAside(document);

    assertThat(reshaped.paths()).containsExactly("l", "m.n");
    assertThat(reshaped.document())
        .isEqualTo(json("{'id':1,'m':{'ok':[1,2.5,null]},'@unindexed':{'l':[1,'x'],'m':{'n':[true,{'a':1}]}}}"));
    assertThat(document.has("l")).as("the input is not changed").isTrue();
  }

  @Test
  void objectsInOneListThatDisagreeOnAFieldMakeItMixed() {
    assertThat(UnindexedValues.mixedListsAside(json("{'l':[{'a':1},{'a':'x'}]}")).paths()).containsExactly("l");
    assertThat(UnindexedValues.mixedListsAside(json("{'l':[{'a':[1]},{'a':[['x']]}]}")).paths()).containsExactly("l");
    assertThat(UnindexedValues.mixedListsAside(json("{'l':[{'a':1},{'b':'x'}]}")).paths()).isEmpty();
  }

  @Test
  void aDocumentWithoutMixedListsIsReturnedAsItIs() {
    ObjectNode document = json("{'s':['a','b'],'n':[1,2],'o':[{'a':1},{'a':2}],'nested':[[1],[2,3]]}");

    UnindexedValues.Reshaped reshaped = UnindexedValues.mixedListsAside(document);

    assertThat(reshaped.document()).isSameAs(document);
    assertThat(reshaped.paths()).isEmpty();
  }

  @Test
  void theValueAtAnOpenSearchPathIsMovedAsideAndTheRestStays() {
    ObjectNode document = json("{'a':{'b':'x','c':1},'d':2}");

    UnindexedValues.Reshaped reshaped = UnindexedValues.aside(document, "a.b").orElseThrow();

    assertThat(reshaped.document()).isEqualTo(json("{'a':{'c':1},'d':2,'@unindexed':{'a':{'b':'x'}}}"));
    assertThat(reshaped.paths()).containsExactly("a.b");
  }

  @Test
  void aKeyWithADotIsFoundAsOneFieldToo() {
    ObjectNode document = json("{'a.b':'x'}");

    assertThat(UnindexedValues.aside(document, "a.b").orElseThrow().document())
        .isEqualTo(json("{'@unindexed':{'a.b':'x'}}"));
  }

  @Test
  void aValueInsideAListMovesTheWholeList() {
    ObjectNode document = json("{'l':[{'a':1},{'a':'x'}]}");

    UnindexedValues.Reshaped reshaped = UnindexedValues.aside(document, "l.a").orElseThrow();

    assertThat(reshaped.document()).isEqualTo(json("{'@unindexed':{'l':[{'a':1},{'a':'x'}]}}"));
    assertThat(reshaped.paths()).containsExactly("l");
  }

  @Test
  void aPathWithNoValueOutsideTheAsideObjectMovesNothing() {
    assertThat(UnindexedValues.aside(json("{'a':1}"), "b")).isEmpty();
    assertThat(UnindexedValues.aside(json("{'@unindexed':{'a':1}}"), "@unindexed.a")).isEmpty();
    assertThat(UnindexedValues.aside(json("{'a':'x'}"), "a.b")).isEmpty();
  }

  @Test
  void asideValuesAccumulateAndAreRestoredToTheItemsDocument() {
    ObjectNode item = json("{'a':{'b':'x','c':{'d':1}},'l':[1,'y'],'e':true}");
    ObjectNode reshaped = UnindexedValues.mixedListsAside(item).document();
    reshaped = UnindexedValues.aside(reshaped, "a.b").orElseThrow().document();
    reshaped = UnindexedValues.aside(reshaped, "a.c").orElseThrow().document();

    assertThat(UnindexedValues.paths(reshaped)).containsExactly("l", "a.b", "a.c.d");
    assertThat(UnindexedValues.restored(reshaped)).isEqualTo(item);
  }

  @Test
  void aDocumentWithNothingAsideIsRestoredAsItIs() {
    JsonNode document = json("{'a':1}");

    assertThat(UnindexedValues.restored((ObjectNode) document)).isSameAs(document);
    assertThat(UnindexedValues.paths(document)).isEmpty();
  }
}
