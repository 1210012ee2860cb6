package io.ddbsync.cli.shared.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A document's content hash: SHA-256 of its canonical JSON, where object keys are sorted and numbers
 * are written exactly in plain notation without trailing zeros ({@code 1.50}, {@code 1.5E+0} and
 * {@code 1.5} are one number; no digit is rounded away as a double would). The hash of a converted
 * item and of the {@code _source} OpenSearch returns for it are equal exactly when their content is.
 */
public final class CanonicalJson {

  private static final JsonNodeFactory TEXT = JsonNodeFactory.instance;

  private CanonicalJson() {}

  public static String sha256(JsonNode document) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonical(document).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String canonical(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    append(node, out);
    return out.toString();
  }

  private static void append(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      out.append('{');
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(TEXT.textNode(fields.get(i).getKey())).append(':');
        append(fields.get(i).getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      BigDecimal number = node.decimalValue();
      out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
    } else {
      out.append(node);
    }
  }
}
