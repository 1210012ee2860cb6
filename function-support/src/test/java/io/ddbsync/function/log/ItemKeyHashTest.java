package io.ddbsync.function.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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
  void hashedIsTheDefaultAndReadsItsSecretFromTheEnvironment() {
    ItemKeyHash keys = ItemKeyHash.fromEnvironment(Map.of("LOG_KEY_HASH_SECRET", "stack-a"));

    assertThat(keys.mode()).isEqualTo(ItemKeyHash.Mode.HASHED);
    assertThat(keys.of("alice@example.com")).isEqualTo(ItemKeyHash.hashed("stack-a").of("alice@example.com"));
  }

  @Test
  void withoutASecretEachInstanceDrawsItsOwn() {
    ItemKeyHash one = ItemKeyHash.fromEnvironment(Map.of());
    ItemKeyHash other = ItemKeyHash.fromEnvironment(Map.of());

    assertThat(one.of("alice@example.com")).isEqualTo(one.of("alice@example.com")).isNotEqualTo(other.of("alice@example.com"));
  }

  @Test
  void plainModeLogsTheKeyAsIs() {
    ItemKeyHash keys = ItemKeyHash.fromEnvironment(Map.of("LOG_ITEM_KEYS", "plain", "LOG_KEY_HASH_SECRET", "stack-a"));

    assertThat(keys.of("ORDER#1|ITEM#2")).isEqualTo("ORDER#1|ITEM#2");
  }

  @Test
  void anUnknownModeIsRefusedByName() {
    assertThatThrownBy(() -> ItemKeyHash.fromEnvironment(Map.of("LOG_ITEM_KEYS", "clear")))
        .hasMessage("LOG_ITEM_KEYS must be hashed or plain, not 'clear'");
  }

  @Test
  void theSecretIsNotInItsDescription() {
    assertThat(ItemKeyHash.hashed("stack-a").toString()).doesNotContain("stack-a");
  }
}
