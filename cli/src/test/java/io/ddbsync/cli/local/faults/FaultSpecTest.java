package io.ddbsync.cli.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.shared.error.UserError;
import org.junit.jupiter.api.Test;

class FaultSpecTest {

  @Test
  void everyFaultIsReadFromItsToken() {
    FaultSpec spec = FaultSpec.parse(
        "os429=0.1,os503=0.05,timeout=0.02,item429=0.1,item503=0.03,crash=0.05,kill=0.04,idem=0.2,duplicate=0.1,"
            + "poison=0.01,redrive=0.05");

    assertThat(spec).isEqualTo(new FaultSpec(0.1, 0.05, 0.02, 0.1, 0.03, 0.05, 0.04, 0.2, 0.1, 0.01, 0.05, 0));
    assertThat(spec.openSearchFaults()).isTrue();
    assertThat(spec.environmentFaults()).isTrue();
  }

  @Test
  void absentFaultsAreOffAndAnEmptySpecIsNone() {
    assertThat(FaultSpec.parse(" crash = 0.5 ")).isEqualTo(new FaultSpec(0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0));
    assertThat(FaultSpec.parse("")).isEqualTo(FaultSpec.NONE);
    assertThat(FaultSpec.parse("crash=0.5").openSearchFaults()).isFalse();
    assertThat(FaultSpec.parse("crash=0.5").environmentFaults()).isFalse();
  }

  @Test
  void errorsNameTheBadToken() {
    assertThatThrownBy(() -> FaultSpec.parse("os429=0.1,os42=0.2")).isInstanceOf(UserError.class)
        .hasMessageContaining("unknown fault 'os42'").hasMessageContaining("known: os429");
    assertThatThrownBy(() -> FaultSpec.parse("crash=lots")).isInstanceOf(UserError.class)
        .hasMessageContaining("'crash=lots'").hasMessageContaining("not a number");
    assertThatThrownBy(() -> FaultSpec.parse("poison=1.5")).isInstanceOf(UserError.class)
        .hasMessageContaining("'poison=1.5'").hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> FaultSpec.parse("redrive")).isInstanceOf(UserError.class)
        .hasMessageContaining("'redrive' is not name=share");
    assertThatThrownBy(() -> FaultSpec.parse("crash=0.1,,poison=0.1")).isInstanceOf(UserError.class)
        .hasMessageContaining("empty token");
    assertThatThrownBy(() -> FaultSpec.parse("crash=0.1,crash=0.2")).isInstanceOf(UserError.class)
        .hasMessageContaining("'crash' is given twice");
    assertThatThrownBy(() -> FaultSpec.parse("os429=0.6,os503=0.6")).isInstanceOf(UserError.class)
        .hasMessageContaining("more than 1");
  }
}
