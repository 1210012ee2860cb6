package io.ddbsync.opensearch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenSearchClientsTest {

  @Test
  void basicCredentialsComeFromTheSecretJson() {
    var credentials = OpenSearchClients.credentials("arn:s", "{\"username\":\"indexer\",\"password\":\"p4ss\"}");

    assertThat(credentials.getUserName()).isEqualTo("indexer");
    assertThat(new String(credentials.getUserPassword())).isEqualTo("p4ss");
  }

  @Test
  void badSecretIsNamedWithoutShowingItsContent() {
    assertThatThrownBy(() -> OpenSearchClients.credentials("arn:s", "{\"user\":\"indexer\",\"pw\":\"p4ss\"}"))
        .hasMessageContaining("arn:s")
        .hasMessageContaining("OPENSEARCH_SECRET_ARN")
        .message()
        .doesNotContain("p4ss");
    assertThatThrownBy(() -> OpenSearchClients.credentials("arn:s", "p4ss"))
        .message()
        .doesNotContain("p4ss");
  }

  @Test
  void bigDecimalsAreWrittenInPlainNotationWithEveryDigit() {
    var mapper = OpenSearchClients.mapper();
    var writer = new java.io.StringWriter();
    var generator = mapper.jsonProvider().createGenerator(writer);
    mapper.serialize(io.ddbsync.testsupport.Json.json("{\"n\":1.0E+30,\"d\":12345678901234567890.123456789}"), generator);
    generator.close();

    assertThat(writer.toString()).isEqualTo("{\"n\":1000000000000000000000000000000,\"d\":12345678901234567890.123456789}");
  }
}
