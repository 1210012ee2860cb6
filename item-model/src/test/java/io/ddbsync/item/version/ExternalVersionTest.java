package io.ddbsync.item.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ExternalVersionTest {

  private static final long JUNE_2024 = 1_718_000_000L;

  @Test
  void highBitsAreSecondsSince2020AndLowBitsTheSequenceNumberModulo2To32() {
    long version = ExternalVersion.ofStreamChange(JUNE_2024, "4421584500000000017450439091");

    assertThat(version >>> 32).isEqualTo(JUNE_2024 - ExternalVersion.EPOCH_2020);
    assertThat(version & 0xFFFF_FFFFL)
        .isEqualTo(new BigInteger("4421584500000000017450439091").mod(BigInteger.TWO.pow(32)).longValue());
  }

  @Test
  void fortyDigitSequenceNumberIsReducedExactly() {
    String forty = "9999999999999999999999999999999999999999";

    assertThat(ExternalVersion.low32Bits(forty))
        .isEqualTo(new BigInteger(forty).mod(BigInteger.TWO.pow(32)).longValue());
  }

  @Test
  void sameSecondChangesAreOrderedBySequenceNumber() {
    long first = ExternalVersion.ofStreamChange(JUNE_2024, "300000000000000000000100");
    long second = ExternalVersion.ofStreamChange(JUNE_2024, "300000000000000000000101");

    assertThat(second).isGreaterThan(first);
  }

  @Test
  void laterSecondWinsWhateverTheSequenceNumbers() {
    long early = ExternalVersion.ofStreamChange(JUNE_2024, "4294967295"); // low bits all ones
    long late = ExternalVersion.ofStreamChange(JUNE_2024 + 1, "4294967296"); // low bits zero

    assertThat(late).isGreaterThan(early);
  }

  @Test
  void backfillIsBelowEveryChangeOfItsStartSecondAndAboveEveryEarlierOne() {
    long backfill = ExternalVersion.ofBackfill(JUNE_2024);

    assertThat(backfill).isLessThan(ExternalVersion.ofStreamChange(JUNE_2024, "4294967296"));
    assertThat(backfill).isGreaterThanOrEqualTo(ExternalVersion.ofStreamChange(JUNE_2024 - 1, "4294967295"));
  }

  @Test
  void timesOutsideTheSchemeAreRefused() {
    assertThatThrownBy(() -> ExternalVersion.ofStreamChange(ExternalVersion.EPOCH_2020, "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ApproximateCreationDateTime 1577836800 is not");
    assertThatThrownBy(() -> ExternalVersion.ofStreamChange(1_718_000_000_000L, "1"))
        .hasMessageContaining("is not an epoch second after 2020-01-01");
    assertThatThrownBy(() -> ExternalVersion.ofBackfill(0)).hasMessageStartingWith("scan start 0");
  }

  @Test
  void sequenceNumberMustBeDecimalDigits() {
    assertThatThrownBy(() -> ExternalVersion.ofStreamChange(JUNE_2024, "12a4"))
        .hasMessage("SequenceNumber is not a string of decimal digits");
    assertThatThrownBy(() -> ExternalVersion.ofStreamChange(JUNE_2024, "")).hasMessage("SequenceNumber is empty");
  }

  @Property
  void versionIsPositiveAndItsLowBitsAreTheSequenceNumberModulo2To32(
      @ForAll @LongRange(min = ExternalVersion.EPOCH_2020 + 1, max = ExternalVersion.LAST_SECOND) long seconds,
      @ForAll @NumericChars @StringLength(min = 21, max = 40) String sequenceNumber) {
    long version = ExternalVersion.ofStreamChange(seconds, sequenceNumber);

    assertThat(version).isPositive();
    assertThat(version & 0xFFFF_FFFFL)
        .isEqualTo(new BigInteger(sequenceNumber).mod(BigInteger.TWO.pow(32)).longValue());
    assertThat(ExternalVersion.ofBackfill(seconds)).isPositive().isLessThan(version);
  }

  @Property
  void aLaterSecondAlwaysGivesALargerVersion(
      @ForAll @LongRange(min = ExternalVersion.EPOCH_2020 + 1, max = ExternalVersion.LAST_SECOND - 1) long seconds,
      @ForAll @NumericChars @StringLength(min = 21, max = 40) String earlier,
      @ForAll @NumericChars @StringLength(min = 21, max = 40) String later) {
    assertThat(ExternalVersion.ofStreamChange(seconds + 1, later))
        .isGreaterThan(ExternalVersion.ofStreamChange(seconds, earlier));
  }
}
