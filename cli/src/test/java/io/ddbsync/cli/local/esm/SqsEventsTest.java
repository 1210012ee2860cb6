package io.ddbsync.cli.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.ddbsync.message.ChangeMessages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class SqsEventsTest {

  @Test
  void receivedMessageBecomesTheRecordLambdaWouldBuild() {
    Message message = Message.builder()
        .messageId("m-1")
        .receiptHandle("rh-1")
        .body("{\"schema\":1}")
        .md5OfBody("abc")
        .attributesWithStrings(Map.of("ApproximateReceiveCount", "2", "MessageGroupId", "ORDER#1|META",
            "MessageDeduplicationId", "e-1", "SequenceNumber", "18849496460467696128", "SentTimestamp", "1"))
        .messageAttributes(Map.of(
            "ddbsync-reason", MessageAttributeValue.builder().dataType("String").stringValue("why").build(),
            "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("x")).build()))
        .build();

    SQSEvent event = SqsEvents.of(List.of(message), "arn:aws:sqs:eu-west-1:000000000000:q.fifo", "eu-west-1");

    SQSEvent.SQSMessage record = event.getRecords().get(0);
    assertThat(record.getMessageId()).isEqualTo("m-1");
    assertThat(record.getReceiptHandle()).isEqualTo("rh-1");
    assertThat(record.getBody()).isEqualTo("{\"schema\":1}");
    assertThat(record.getEventSource()).isEqualTo("aws:sqs");
    assertThat(record.getEventSourceArn()).isEqualTo("arn:aws:sqs:eu-west-1:000000000000:q.fifo");
    assertThat(record.getAwsRegion()).isEqualTo("eu-west-1");
    assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "2")
        .containsEntry("MessageGroupId", "ORDER#1|META").containsEntry("MessageDeduplicationId", "e-1");
    assertThat(record.getMessageAttributes().get("ddbsync-reason").getStringValue()).isEqualTo("why");
    assertThat(record.getMessageAttributes().get("blob").getBinaryValue().remaining()).isEqualTo(1);
  }

  @Test
  void lambdaShapedJsonIsReadWithItsCapitalisedArn() throws Exception {
    var json = ChangeMessages.MAPPER.readTree("""
        {"Records":[{"messageId":"m-1","receiptHandle":"rh","body":"{}","attributes":{"MessageGroupId":"g"},
          "messageAttributes":{"k":{"stringValue":"v","dataType":"String"}},"md5OfBody":"x",
          "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:1:q.fifo","awsRegion":"us-east-1"}]}
        """);

    SQSEvent.SQSMessage record = SqsEvents.fromJson(json, "event.json").getRecords().get(0);

    assertThat(record.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:1:q.fifo");
    assertThat(record.getAttributes()).containsEntry("MessageGroupId", "g");
    assertThat(record.getMessageAttributes().get("k").getStringValue()).isEqualTo("v");
  }
}
