package io.ddbsync.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudFormationYamlTest {

  static Stream<Arguments> shortForms() {
    return Stream.of(
        Arguments.of("!Ref Table", Map.of("Ref", "Table")),
        Arguments.of("!Ref Fn.Alias", Map.of("Ref", "Fn.Alias")),
        Arguments.of("!GetAtt Queue.Arn", Map.of("Fn::GetAtt", List.of("Queue", "Arn"))),
        Arguments.of("!GetAtt Db.Endpoint.Address", Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address"))),
        Arguments.of("!GetAtt [Queue, Arn]", Map.of("Fn::GetAtt", List.of("Queue", "Arn"))),
        Arguments.of("!Sub 'arn:${AWS::Partition}:x'", Map.of("Fn::Sub", "arn:${AWS::Partition}:x")),
        Arguments.of("!Sub ['${A}-b', {A: !Ref P}]", Map.of("Fn::Sub", List.of("${A}-b", Map.of("A", Map.of("Ref", "P"))))),
        Arguments.of("!If [C, a, b]", Map.of("Fn::If", List.of("C", "a", "b"))),
        Arguments.of("!Equals [!Ref P, x]", Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "x"))),
        Arguments.of("!Not [!Condition C]", Map.of("Fn::Not", List.of(Map.of("Condition", "C")))),
        Arguments.of("!And [!Condition A, !Condition B]", Map.of("Fn::And", List.of(Map.of("Condition", "A"), Map.of("Condition", "B")))),
        Arguments.of("!Or [!Condition A, !Condition B]", Map.of("Fn::Or", List.of(Map.of("Condition", "A"), Map.of("Condition", "B")))),
        Arguments.of("!Join [',', [a, b]]", Map.of("Fn::Join", List.of(",", List.of("a", "b")))),
        Arguments.of("!Select [0, !GetAZs '']", Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", "")))),
        Arguments.of("!Split ['/', !Ref Arn]", Map.of("Fn::Split", List.of("/", Map.of("Ref", "Arn")))),
        Arguments.of("!FindInMap [M, k, v]", Map.of("Fn::FindInMap", List.of("M", "k", "v"))),
        Arguments.of("!Base64 text", Map.of("Fn::Base64", "text")),
        Arguments.of("!Cidr [10.0.0.0/16, 4, 8]", Map.of("Fn::Cidr", List.of("10.0.0.0/16", 4, 8))),
        Arguments.of("!GetAZs eu-west-1", Map.of("Fn::GetAZs", "eu-west-1")),
        Arguments.of("!ImportValue shared-vpc", Map.of("Fn::ImportValue", "shared-vpc")),
        Arguments.of("!EachMemberEquals [!Ref Subnets, '']", Map.of("Fn::EachMemberEquals", List.of(Map.of("Ref", "Subnets"), ""))),
        Arguments.of("!Contains [[a, b], !Ref P]", Map.of("Fn::Contains", List.of(List.of("a", "b"), Map.of("Ref", "P")))),
        Arguments.of("!Condition HasEmail", Map.of("Condition", "HasEmail")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortForms")
  void shortFormTagBecomesLongForm(String yaml, Map<String, Object> longForm) {
    assertThat(CloudFormationYaml.parse("v: " + yaml).get("v")).isEqualTo(longForm);
  }

  @Test
  void unquotedPolicyVersionStaysAString() {
    assertThat(CloudFormationYaml.parse("Version: 2012-10-17").get("Version")).isEqualTo("2012-10-17");
  }

  @Test
  void getAttWithoutAttributeIsRejected() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("a: 1\nv: !GetAtt Queue"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("line 2: !GetAtt needs Resource.Attribute, got 'Queue'");
  }

  @Test
  void malformedYamlIsRejectedAsATemplateProblem() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("a: [1"))
        .isInstanceOf(TemplateException.class).hasMessageStartingWith("not valid CloudFormation YAML");
  }

  @Test
  void nonMappingDocumentIsRejected() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("- a")).isInstanceOf(TemplateException.class);
  }
}
