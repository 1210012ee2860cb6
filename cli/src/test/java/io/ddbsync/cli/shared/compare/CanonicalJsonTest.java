package io.ddbsync.cli.shared.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.message.ChangeMessages;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keyOrderDoesNotChangeTheHash() throws Exception {
    assertThat(hash("{\"b\":1,\"a\":{\"y\":[1,2],\"x\":null}}")).isEqualTo(hash("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1}"));
  }

  @Test
  void numbersCompareByExactValue() throws Exception {
    assertThat(hash("{\"n\":1.50}")).isEqualTo(hash("{\"n\":1.5}"));
    assertThat(hash("{\"n\":1.5E+2}")).isEqualTo(hash("{\"n\":150}"));
    assertThat(hash("{\"n\":0.00000000000000000000000000000000000001}"))
        .isNotEqualTo(hash("{\"n\":0.00000000000000000000000000000000000002}"));
    assertThat(hash("{\"n\":12345678901234567890123456.78901234567}"))
        .as("differs beyond double precision").isNotEqualTo(hash("{\"n\":12345678901234567890123456.78901234568}"));
  }

  @Test
  void arrayOrderAndTypesCount() throws Exception {
    assertThat(hash("{\"a\":[1,2]}")).isNotEqualTo(hash("{\"a\":[2,1]}"));
    assertThat(hash("{\"a\":\"1\"}")).isNotEqualTo(hash("{\"a\":1}"));
  }

  @Test
  void canonicalFormSortsKeysAndWritesPlainNumbers() throws Exception {
    assertThat(CanonicalJson.canonical(ChangeMessages.MAPPER.readTree("{\"z\":\"é\\\"\",\"a\":1E+3,\"m\":[true,null]}")))
        .isEqualTo("{\"a\":1000,\"m\":[true,null],\"z\":\"é\\\"\"}");
  }

  private static String hash(String json) throws Exception {
    return CanonicalJson.sha256(ChangeMessages.MAPPER.readTree(json));
  }
}
