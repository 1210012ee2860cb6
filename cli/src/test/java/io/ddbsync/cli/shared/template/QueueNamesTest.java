package io.ddbsync.cli.shared.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.cli.Cli;
import io.ddbsync.template.PipelineTemplate;
import io.ddbsync.template.TemplateException;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Local queues are named as CloudFormation names them in a stack of that name: the template's
 * {@code !Sub} over {@code !If [HasQueueNamePrefix, !Ref QueueNamePrefix, !Ref AWS::StackName]}.
 */
class QueueNamesTest {

  @Test
  void theTemplatesFifoQueuesAreNamedAfterTheStackWhenNoPrefixIsGiven() {
    PipelineSettings settings = TemplateSettings.load(Cli.template(), "orders");

    assertThat(settings.queue().name()).isEqualTo("orders-changes.fifo");
    assertThat(settings.queue().deadLetterName()).isEqualTo("orders-changes-dlq.fifo");
    assertThat(settings.pipeFailures().deadLetterQueueName()).isEqualTo(Optional.of("orders-PipeDeadLetterQueue"));
  }

  @Test
  void aQueueNamePrefixDefaultReplacesTheStackName() throws Exception {
    String yaml = Files.readString(Cli.template())
        .replace("    Default: \"\"\n    MaxLength: 63", "    Default: shop\n    MaxLength: 63");

    PipelineTemplate template = PipelineTemplate.parse(yaml);

    assertThat(TemplateSettings.queueName(template, "orders", "ChangeQueue", true)).isEqualTo("shop-changes.fifo");
  }

  @Test
  void aNameThatCannotBeResolvedLocallyIsAnErrorNamingTheQueue() {
    PipelineTemplate template = PipelineTemplate.parse("""
        Resources:
          Q:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Join ["-", [a, b]]
        """);

    assertThatThrownBy(() -> TemplateSettings.queueName(template, "orders", "Q", false))
        .isInstanceOf(TemplateException.class).hasMessageContaining("Q.QueueName");
  }
}
