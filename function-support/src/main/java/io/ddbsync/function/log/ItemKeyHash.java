package io.ddbsync.function.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How logs name an item: by default the HMAC-SHA256 of its key (the message group id, which is the
 * key values joined) under a secret, in hex, cut to {@value #HEX_CHARS} characters; the same item
 * gets the same name in both functions' logs, and the name does not reveal the key. Keys are often
 * e-mail addresses or user ids, so they never reach CloudWatch unless configured (each function's
 * configuration reads these variables):
 *
 * <ul>
 *   <li>{@code LOG_ITEM_KEYS}: {@code hashed} (default) or {@code plain}, for tables whose keys are not
 *       personal data;
 *   <li>{@code LOG_KEY_HASH_SECRET}: the HMAC key; pipeline.yaml sets the stack's id. Unset, each
 *       execution environment draws a random one, so hashes match only within that environment.
 * </ul>
 *
 * @param mode hashed or plain
 * @param secret the HMAC key (unused in plain mode)
 */
public record ItemKeyHash(Mode mode, String secret) {

  static final int HEX_CHARS = 16;

  public enum Mode {
    HASHED,
    PLAIN
  }

  public ItemKeyHash {
    if (mode == Mode.HASHED && secret.isEmpty()) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      secret = HexFormat.of().formatHex(random);
    }
  }

  public static ItemKeyHash hashed(String secret) {
    return new ItemKeyHash(Mode.HASHED, secret);
  }

  public static ItemKeyHash plain() {
    return new ItemKeyHash(Mode.PLAIN, "");
  }

  /** The name of the item whose key (message group id) is {@code key}, for the {@code itemKey} log field. */
  public String of(String key) {
    if (mode == Mode.PLAIN) {
      return key;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "ItemKeyHash[" + mode.name().toLowerCase(Locale.ROOT) + "]";
  }
}
