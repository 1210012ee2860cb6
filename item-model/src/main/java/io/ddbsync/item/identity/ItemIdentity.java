package io.ddbsync.item.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.item.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Document id, message group id and deduplication id of an item, from its key attributes.
 *
 * <p>The readable id joins the key values in key order with {@code |} ({@code ORDER#1|ITEM#2}); a
 * {@code |} or {@code \} inside a value is escaped with {@code \} so that two different keys never
 * join to the same id. An id that does not fit a limit becomes a readable prefix, {@code ~}, and the
 * SHA-256 of the whole readable id in hex.
 */
public final class ItemIdentity {

  /** OpenSearch refuses an {@code _id} longer than 512 bytes. */
  static final int MAX_DOCUMENT_ID_BYTES = 512;

  /** Pipes' SQS target takes at most 100 characters for group and deduplication ids. */
  static final int MAX_SQS_ID_CHARS = 100;

  private static final int DOCUMENT_ID_PREFIX_BYTES = 128;
  private static final int GROUP_ID_PREFIX_CHARS = MAX_SQS_ID_CHARS - 1 - 64;

  private final List<String> keyAttributes;

  /** {@code keyAttributes} in key order (partition key, then sort key); empty = each record's key names sorted. */
  public ItemIdentity(List<String> keyAttributes) {
    this.keyAttributes = List.copyOf(keyAttributes);
  }

  /** Ids for the item whose key attributes, in DynamoDB JSON, are {@code keys}. */
  public ItemKey of(JsonNode keys) {
    if (!keys.isObject() || keys.isEmpty()) {
      throw new InvalidRecordException("Keys is empty or not an object");
    }
    List<String> names = keyAttributes;
    if (names.isEmpty()) {
      names = new ArrayList<>(keys.size());
      keys.fieldNames().forEachRemaining(names::add);
      names.sort(null);
    } else if (keys.size() != names.size()) {
      for (var name : (Iterable<String>) keys::fieldNames) {
        if (!names.contains(name)) {
          throw new InvalidRecordException(
              "Keys has attribute '" + name + "' that KEY_ATTRIBUTES " + names + " does not list");
        }
      }
    }
    StringBuilder id = new StringBuilder(64);
    for (String name : names) {
      JsonNode value = keys.get(name);
      if (value == null) {
        throw new InvalidRecordException("Keys lacks key attribute '" + name + "'");
      }
      if (id.length() > 0) {
        id.append('|');
      }
      appendEscaped(id, keyText(name, value));
    }
    String readable = id.toString();
    return new ItemKey(documentId(readable), groupId(readable));
  }

  /** The record's eventID, or its hash when it is not a valid SQS deduplication id. */
  public static String dedupId(String eventId) {
    return isSqsId(eventId) ? eventId : sha256Hex(eventId);
  }

  /**
   * Deduplication id of a record without an eventID: the hash of its JSON, stable across Pipes'
   * retries and free of the attribute values the JSON holds.
   */
  public static String dedupIdOfContent(String recordJson) {
    return sha256Hex(recordJson);
  }

  static String documentId(String readable) {
    byte[] utf8 = readable.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_DOCUMENT_ID_BYTES) {
      return readable;
    }
    return utf8Prefix(readable, DOCUMENT_ID_PREFIX_BYTES) + "~" + sha256Hex(readable);
  }

  static String groupId(String readable) {
    if (isSqsId(readable)) {
      return readable;
    }
    StringBuilder prefix = new StringBuilder(GROUP_ID_PREFIX_CHARS + 65);
    for (int i = 0; i < readable.length() && prefix.length() < GROUP_ID_PREFIX_CHARS; i++) {
      char c = readable.charAt(i);
      if (isPrintableAscii(c)) {
        prefix.append(c);
      }
    }
    return prefix.append('~').append(sha256Hex(readable)).toString();
  }

  private static String keyText(String name, JsonNode value) {
    JsonNode content;
    if ((content = value.get("S")) != null
        || (content = value.get("N")) != null
        || (content = value.get("B")) != null) {
      if (content.isTextual() && !content.textValue().isEmpty() && value.size() == 1) {
        return content.textValue();
      }
    }
    throw new InvalidRecordException(
        "key attribute '" + name + "' is not a non-empty S, N or B value");
  }

  private static void appendEscaped(StringBuilder id, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '|' || c == '\\') {
        id.append('\\');
      }
      id.append(c);
    }
  }

  private static boolean isSqsId(String s) {
    if (s.isEmpty() || s.length() > MAX_SQS_ID_CHARS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isPrintableAscii(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrintableAscii(char c) {
    return c >= '!' && c <= '~';
  }

  /** The longest prefix of {@code s} within {@code maxBytes} of UTF-8, never splitting a character. */
  private static String utf8Prefix(String s, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < s.length()) {
      int codePoint = s.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return s.substring(0, end);
  }

  private static String sha256Hex(String s) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
