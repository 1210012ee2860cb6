package io.ddbsync.opensearch.unindexed;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field a bulk item's 400 names when its value cannot take the field's mapping. OpenSearch gives
 * the field only in the reason's text (measured on OpenSearch 2.19):
 *
 * <ul>
 *   <li>{@code object mapping for [a] tried to parse field [a] as object, but found a concrete value}:
 *       a scalar (or a list of scalars) where an object is mapped;
 *   <li>{@code can't merge a non object mapping [a] with an object mapping}: an object where a scalar
 *       is mapped, within one document;
 *   <li>{@code mapper [a] cannot be changed from type [double] to [text]}: one document giving a
 *       field two types (a list mixing types);
 *   <li>{@code failed to parse field [a] of type [double]}: a scalar mismatch in an index without
 *       {@code index.mapping.ignore_malformed} (made before the template set it) or a field mapped
 *       with {@code ignore_malformed: false}.
 * </ul>
 *
 * Anything else, the limits above all ({@code Limit of total fields [1000] has been exceeded}, the depth
 * limit, which answers {@code failed to parse} naming no field), names no field to move: genuine poison.
 */
public final class MappingConflict {

  private static final List<Pattern> FIELD_NAMED =
      List.of(
          Pattern.compile("object mapping for \\[(.+)\\] tried to parse field \\[.*\\] as object, but found a concrete value"),
          Pattern.compile("can't merge a non object mapping \\[(.+)\\] with an object mapping"),
          Pattern.compile("mapper \\[(.+)\\] cannot be changed from type \\[[^\\]]*\\] to \\[[^\\]]*\\]"),
          Pattern.compile("failed to parse field \\[(.+?)\\] of type \\["));

  private MappingConflict() {}

  /** The dotted path of the field whose value the mapping cannot take, if {@code reason} names one. */
  public static Optional<String> fieldPath(String reason) {
    for (Pattern pattern : FIELD_NAMED) {
      Matcher matcher = pattern.matcher(reason);
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }
}
