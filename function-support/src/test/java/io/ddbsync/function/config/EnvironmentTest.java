package io.ddbsync.function.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

  enum TestVariable implements Variable {
    NAME("fallback"),
    NAMES(""),
    COUNT("3"),
    MODE("first-mode");

    private final String defaultValue;

    TestVariable(String defaultValue) {
      this.defaultValue = defaultValue;
    }

    @Override
    public String defaultValue() {
      return defaultValue;
    }
  }

  enum Mode {
    FIRST_MODE,
    SECOND_MODE
  }

  @Test
  void unsetAndBlankVariablesTakeTheirDefaultAndValuesAreStripped() {
    assertThat(new Environment(Map.of()).text(TestVariable.NAME)).isEqualTo("fallback");
    assertThat(new Environment(Map.of("NAME", "  ")).text(TestVariable.NAME)).isEqualTo("fallback");
    assertThat(new Environment(Map.of("NAME", " x ")).text(TestVariable.NAME)).isEqualTo("x");
    assertThat(new Environment(Map.of()).optional(TestVariable.NAMES)).isEmpty();
  }

  @Test
  void textKeepingEmptyTakesTheDefaultOnlyWhenUnset() {
    assertThat(new Environment(Map.of()).textKeepingEmpty(TestVariable.NAME)).isEqualTo("fallback");
    assertThat(new Environment(Map.of("NAME", " ")).textKeepingEmpty(TestVariable.NAME)).isEmpty();
  }

  @Test
  void listsDropBlankElements() {
    assertThat(new Environment(Map.of("NAMES", " a, ,b ,")).list(TestVariable.NAMES)).containsExactly("a", "b");
    assertThat(new Environment(Map.of()).list(TestVariable.NAMES)).isEmpty();
  }

  @Test
  void integersAreCheckedAgainstTheirRangeByName() {
    assertThat(new Environment(Map.of()).integer(TestVariable.COUNT, 0, 10)).isEqualTo(3);
    assertThatThrownBy(() -> new Environment(Map.of("COUNT", "many")).integer(TestVariable.COUNT, 0, 10))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("COUNT: expected a whole number from 0 to 10, got 'many'");
    assertThatThrownBy(() -> new Environment(Map.of("COUNT", "11")).integer(TestVariable.COUNT, 0, 10))
        .hasMessage("COUNT: expected a whole number from 0 to 10, got 11");
  }

  @Test
  void choicesIgnoreCaseAndReadHyphensAsUnderscores() {
    assertThat(new Environment(Map.of()).choice(TestVariable.MODE, Mode.class)).isEqualTo(Mode.FIRST_MODE);
    assertThat(new Environment(Map.of("MODE", "Second-Mode")).choice(TestVariable.MODE, Mode.class)).isEqualTo(Mode.SECOND_MODE);
    assertThatThrownBy(() -> new Environment(Map.of("MODE", "third")).choice(TestVariable.MODE, Mode.class))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.variable()).isEqualTo("MODE"))
        .hasMessage("MODE: expected first-mode or second-mode, got 'third'");
  }

  @Test
  void aParserRefusalNamesTheVariable() {
    Environment env = new Environment(Map.of("NAME", "bad"));
    assertThatThrownBy(() -> env.parsed(TestVariable.NAME, env.text(TestVariable.NAME), text -> {
      throw new IllegalArgumentException("'" + text + "' is not a name");
    })).hasMessage("NAME: 'bad' is not a name");
  }
}
