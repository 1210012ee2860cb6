package io.ddbsync.item.identity;

import static io.ddbsync.testsupport.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.item.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemIdentityTest {

  private final ItemIdentity pkSk = new ItemIdentity(List.of("pk", "sk"));

  @Test
  void idJoinsKeyValuesInKeyOrder() {
    ItemKey key = pkSk.of(json("{'sk':{'S':'ITEM#2'},'pk':{'S':'ORDER#1'}}"));

    assertThat(key).isEqualTo(new ItemKey("ORDER#1|ITEM#2", "ORDER#1|ITEM#2"));
  }

  @Test
  void withoutKeyAttributesTheRecordsKeyNamesAreSorted() {
    ItemKey key = new ItemIdentity(List.of()).of(json("{'b':{'N':'2'},'a':{'S':'x'}}"));

    assertThat(key.documentId()).isEqualTo("x|2");
  }

  @Test
  void numberAndBinaryKeysUseTheirText() {
    assertThat(pkSk.of(json("{'pk':{'N':'42'},'sk':{'B':'AAE='}}")).documentId()).isEqualTo("42|AAE=");
  }

  @Test
  void separatorInsideAValueIsEscapedSoDistinctKeysNeverShareAnId() {
    String first = pkSk.of(json("{'pk':{'S':'a|b'},'sk':{'S':'c'}}")).documentId();
    String second = pkSk.of(json("{'pk':{'S':'a'},'sk':{'S':'b|c'}}")).documentId();

    assertThat(first).isEqualTo("a\\|b|c");
    assertThat(second).isEqualTo("a|b\\|c");
    assertThat(pkSk.of(json("{'pk':{'S':'a\\\\'},'sk':{'S':'|c'}}")).documentId()).isNotEqualTo(first);
  }

  @Test
  void idOverFiveHundredTwelveBytesBecomesReadablePrefixAndHash() {
    String pk = "注文".repeat(100); // 600 bytes of UTF-8
    ItemKey key = pkSk.of(json("{'pk':{'S':'" + pk + "'},'sk':{'S':'A'}}"));

    assertThat(key.documentId().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
    assertThat(key.documentId()).matches("(注文){21}~[0-9a-f]{64}");
    assertThat(key.documentId()).isNotEqualTo(pkSk.of(json("{'pk':{'S':'" + pk + "'},'sk':{'S':'B'}}")).documentId());
  }

  @Test
  void idOfExactlyFiveHundredTwelveBytesStaysReadable() {
    String pk = "x".repeat(510);

    assertThat(pkSk.of(json("{'pk':{'S':'" + pk + "'},'sk':{'S':'y'}}")).documentId()).isEqualTo(pk + "|y");
  }

  @Test
  void groupIdOfNonAsciiKeyIsAsciiPrefixAndHashWithinOneHundredChars() {
    ItemKey key = pkSk.of(json("{'pk':{'S':'CUSTOMER#Zoë Ångström'},'sk':{'S':'PROFILE'}}"));

    assertThat(key.documentId()).isEqualTo("CUSTOMER#Zoë Ångström|PROFILE");
    assertThat(key.groupId()).hasSizeLessThanOrEqualTo(100).matches("[!-~]+");
    assertThat(key.groupId()).matches("CUSTOMER#Zongstrm\\|PROFILE~[0-9a-f]{64}");
  }

  @Test
  void groupIdOverOneHundredCharsIsHashed() {
    String pk = "p".repeat(100);
    ItemKey key = pkSk.of(json("{'pk':{'S':'" + pk + "'},'sk':{'S':'s'}}"));

    assertThat(key.documentId()).isEqualTo(pk + "|s");
    assertThat(key.groupId()).hasSize(100).startsWith("p".repeat(35) + "~");
  }

  @Test
  void dedupIdIsTheEventIdUnlessItIsNoValidSqsId() {
    assertThat(ItemIdentity.dedupId("c4ca4238a0b923820dcc509a6f75849b")).isEqualTo("c4ca4238a0b923820dcc509a6f75849b");
    assertThat(ItemIdentity.dedupId("event id with spaces")).matches("[0-9a-f]{64}");
    assertThat(ItemIdentity.dedupId("e".repeat(101))).matches("[0-9a-f]{64}");
  }

  @Test
  void missingKeyAttributeIsNamed() {
    assertThatThrownBy(() -> pkSk.of(json("{'pk':{'S':'a'}}")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage("Keys lacks key attribute 'sk'");
  }

  @Test
  void keyAttributeThatKeyAttributesDoesNotListIsNamed() {
    assertThatThrownBy(() -> new ItemIdentity(List.of("pk")).of(json("{'pk':{'S':'a'},'sk':{'S':'b'}}")))
        .hasMessage("Keys has attribute 'sk' that KEY_ATTRIBUTES [pk] does not list");
  }

  @Test
  void keyOfAnotherTypeOrEmptyIsRefusedWithoutItsValue() {
    assertThatThrownBy(() -> pkSk.of(json("{'pk':{'BOOL':true},'sk':{'S':'b'}}")))
        .hasMessage("key attribute 'pk' is not a non-empty S, N or B value");
    assertThatThrownBy(() -> pkSk.of(json("{'pk':{'S':''},'sk':{'S':'b'}}")))
        .hasMessage("key attribute 'pk' is not a non-empty S, N or B value");
    assertThatThrownBy(() -> pkSk.of(json("{}"))).hasMessage("Keys is empty or not an object");
  }
}
