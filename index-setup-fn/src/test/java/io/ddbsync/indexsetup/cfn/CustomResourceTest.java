package io.ddbsync.indexsetup.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.testsupport.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomResourceTest {

  private static final String EVENT = """
      {"RequestType": "%s", "ResponseURL": "https://example.com/r", "StackId": "stack", "RequestId": "req",
       "LogicalResourceId": "IndexSetup", %s "ResourceProperties": {}}""";

  @Test
  void misconfiguredCreateFailsWithTheReasonButDeleteSucceeds() {
    CustomResourceResponse create = CustomResource.refuse(event("Create", ""), "OPENSEARCH_ENDPOINT must be scheme://host");
    CustomResourceResponse delete = CustomResource.refuse(event("Delete", "\"PhysicalResourceId\": \"p1\","), "bad");

    assertThat(create.success()).isFalse();
    assertThat(create.reason()).isEqualTo("OPENSEARCH_ENDPOINT must be scheme://host");
    assertThat(delete.success()).as("a failed delete would leave the stack in DELETE_FAILED").isTrue();
    assertThat(delete.physicalResourceId()).isEqualTo("p1");
  }

  @Test
  void longReasonsAreCutToKeepTheResponseUnderFourKilobytes() {
    CustomResourceResponse response = CustomResourceResponse.failure(event("Create", ""), "p", "x".repeat(10_000));

    assertThat(response.toJson().length()).isLessThan(4096);
  }

  @Test
  void requestWithoutAResponseUrlIsRefusedByName() {
    assertThatThrownBy(() -> CustomResourceEvent.parse(Json.json("{\"RequestType\": \"Create\"}")))
        .hasMessage("custom resource request has no ResponseURL");
    assertThatThrownBy(() -> CustomResourceEvent.parse(Json.json(EVENT.formatted("Replace", ""))))
        .hasMessage("RequestType must be Create, Update or Delete, not 'Replace'");
  }

  private static CustomResourceEvent event(String type, String physicalId) {
    CustomResourceEvent event = CustomResourceEvent.parse(Json.json(EVENT.formatted(type, physicalId)));
    assertThat(event.physicalResourceId()).isEqualTo(physicalId.isEmpty() ? Optional.empty() : Optional.of("p1"));
    return event;
  }
}
