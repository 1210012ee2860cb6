package io.ddbsync.function.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemKeyHashTest {

  @Test
  void theSameKeyUnderTheSameSecretHasTheSameHash() {
    String hash = ItemKeyHash.hashed("stack-a").of("alice@example.com");

    assertThat(ItemKeyHash.hashed("stack-a").of("alice@example.com")).isEqualTo(hash);
    assertThat(hash).hasSize(16).matches("[0-9a-f]{16}").doesNotContain("alice");
  }

  @Test
  void anotherSecretOrAnotherKeyGivesAnotherHash() {
    String hash = ItemKeyHash.hashed("stack-a").of("alice@example.com");

    assertThat(ItemKeyHash.hashed("stack-b").of("alice@example.com")).isNotEqualTo(hash);
    assertThat(ItemKeyHash.hashed("stack-a").of("bob@example.com")).isNotEqualTo(hash);
  }

  @Test
  void withoutASecretEachInstanceDrawsItsOwn() {
    ItemKeyHash one = ItemKeyHash.hashed("");
    ItemKeyHash other = ItemKeyHash.hashed("");

    assertThat(one.of("alice@example.com")).isEqualTo(one.of("alice@example.com")).isNotEqualTo(other.of("alice@example.com"));
  }

  @Test
  void plainModeLogsTheKeyAsIs() {
    assertThat(ItemKeyHash.plain().of("ORDER#1|ITEM#2")).isEqualTo("ORDER#1|ITEM#2");
  }

  @Test
  void theSecretIsNotInItsDescription() {
    assertThat(ItemKeyHash.hashed("stack-a").toString()).doesNotContain("stack-a");
  }
}
