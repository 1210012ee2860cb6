package io.ddbsync.item.diff;

import static io.ddbsync.testsupport.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProjectionTest {

  private static final String IMAGE =
      "{'pk':{'S':'ORDER#1'},'status':{'S':'NEW'},'total':{'N':'10'},'updatedAt':{'S':'2024-06-10T08:00:00Z'}}";

  @Test
  void emptyIndexedListKeepsEveryAttributeButTheIgnored() {
    var projection = new Projection(Set.of(), Set.of("updatedAt"));

    assertThat(projection.document(json(IMAGE), "NewImage"))
        .isEqualTo(json("{'pk':'ORDER#1','status':'NEW','total':10}"));
  }

  @Test
  void indexedListKeepsOnlyItsAttributes() {
    var projection = new Projection(Set.of("status", "total", "absent"), Set.of());

    assertThat(projection.document(json(IMAGE), "NewImage")).isEqualTo(json("{'status':'NEW','total':10}"));
  }

  @Test
  void ignoredWinsOverIndexed() {
    var projection = new Projection(Set.of("status", "updatedAt"), Set.of("updatedAt"));

    assertThat(projection.document(json(IMAGE), "NewImage")).isEqualTo(json("{'status':'NEW'}"));
  }

  @Test
  void attributesLeftOutAreNotConvertedSoTheirTypeDoesNotMatter() {
    var projection = new Projection(Set.of(), Set.of("blob"));

    assertThat(projection.document(json("{'a':{'S':'x'},'blob':{'??':1}}"), "NewImage")).isEqualTo(json("{'a':'x'}"));
  }

  @Test
  void changeOnlyToIgnoredAttributeIsNoChange() {
    var projection = new Projection(Set.of(), Set.of("updatedAt"));
    String newer = IMAGE.replace("08:00:00Z", "09:30:00Z");

    assertThat(projection.changedDocument(json(IMAGE), json(newer))).isEmpty();
  }

  @Test
  void changeToIndexedAttributeGivesTheNewDocument() {
    var projection = new Projection(Set.of(), Set.of("updatedAt"));
    String newer = IMAGE.replace("'NEW'", "'PAID'");

    assertThat(projection.changedDocument(json(IMAGE), json(newer)))
        .contains((com.fasterxml.jackson.databind.node.ObjectNode) json("{'pk':'ORDER#1','status':'PAID','total':10}"));
  }

  @Test
  void reorderedSetOrAttributesIsNoChange() {
    assertThat(
            Projection.ALL.changedDocument(
                json("{'a':{'SS':['x','y']},'b':{'N':'1'}}"), json("{'b':{'N':'1'},'a':{'SS':['y','x']}}")))
        .isEmpty();
  }

  @Test
  void removedAttributeIsAChange() {
    assertThat(Projection.ALL.changedDocument(json("{'a':{'S':'x'},'b':{'S':''}}"), json("{'a':{'S':'x'}}")))
        .isPresent();
  }

  @Test
  void unreadableOldImageCountsAsChanged() {
    assertThat(Projection.ALL.changedDocument(json("{'a':{'Q':'x'}}"), json("{'a':{'S':'x'}}"))).isPresent();
  }
}
