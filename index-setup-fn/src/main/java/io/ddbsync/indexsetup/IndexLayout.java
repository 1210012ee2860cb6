package io.ddbsync.indexsetup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of one routed index's layout. Each physical index is a numbered generation
 * ({@code orders-000001}); the routed name itself ({@code orders}) is the write alias, with
 * {@code is_write_index}, on the newest generation; {@code orders-live} is the filtered alias readers
 * use (it hides tombstones).
 *
 * <p>The write alias keeps the routed name so that change messages, which name {@code orders}, and
 * their external versions are unchanged: a bulk write to an alias goes to its write index, where the
 * version check happens (OpenSearch "Index aliases": write index). Moving the alias is what sends new
 * changes to the next generation.
 */
public final class IndexLayout {

  private static final Pattern GENERATION = Pattern.compile("^(.+)-(\\d{6})$");

  private IndexLayout() {}

  public static String writeAlias(String index) {
    return index;
  }

  public static String liveAlias(String index) {
    return index + "-live";
  }

  /** {@code orders-000001} for generation 1 of {@code orders}. */
  public static String generation(String index, int number) {
    if (number < 1 || number > 999_999) {
      throw new IllegalArgumentException("generation number must be 1 to 999999, not " + number);
    }
    return String.format("%s-%06d", index, number);
  }

  /** The generation number of {@code name} if it is a generation of {@code index}. */
  public static Optional<Integer> generationNumber(String index, String name) {
    Matcher m = GENERATION.matcher(name);
    return m.matches() && m.group(1).equals(index) ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
  }

  /**
   * The template's index pattern: the generations of {@code index} only. Not {@code <index>-*}, which
   * would also match the generations of an index named {@code <index>-eu} and make two templates of
   * equal priority match one index, which OpenSearch refuses.
   */
  public static String generationPattern(String index) {
    return index + "-0*";
  }
}
