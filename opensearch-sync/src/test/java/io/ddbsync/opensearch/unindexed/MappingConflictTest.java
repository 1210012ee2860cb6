package io.ddbsync.opensearch.unindexed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reasons as OpenSearch 2.19 gives them (measured on the embedded node), after {@code ItemErrors}. */
class MappingConflictTest {

  @Test
  void theFieldIsReadFromEachReasonThatNamesOne() {
    assertThat(MappingConflict.fieldPath(
            "400 mapper_parsing_exception: object mapping for [a.b] tried to parse field [b] as object, but found a concrete value"))
        .contains("a.b");
    assertThat(MappingConflict.fieldPath(
            "400 mapper_parsing_exception: object mapping for [o] tried to parse field [null] as object, but found a concrete value"))
        .contains("o");
    assertThat(MappingConflict.fieldPath("400 illegal_argument_exception: mapper [l.a] cannot be changed from type [text] to [double]"))
        .contains("l.a");
    assertThat(MappingConflict.fieldPath("400 illegal_argument_exception: can't merge a non object mapping [l] with an object mapping"))
        .contains("l");
    assertThat(MappingConflict.fieldPath("400 mapper_parsing_exception: failed to parse field [total] of type [double]"))
        .contains("total");
  }

  @Test
  void fieldNamesWithBracketsAreReadWhole() {
    assertThat(MappingConflict.fieldPath("mapper [a[0]] cannot be changed from type [double] to [text]")).contains("a[0]");
  }

  @Test
  void limitsNameNoFieldToMove() {
    assertThat(MappingConflict.fieldPath("400 illegal_argument_exception: Limit of total fields [1000] has been exceeded")).isEmpty();
    assertThat(MappingConflict.fieldPath("400 mapper_parsing_exception: failed to parse: The depth of the field has exceeded the"
        + " allowed limit of [20]. This limit can be set by changing the [index.mapping.depth.limit] index level setting."))
        .isEmpty();
    assertThat(MappingConflict.fieldPath("400 illegal_argument_exception: Document contains at least one immense term")).isEmpty();
  }
}
