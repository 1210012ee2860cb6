package io.ddbsync.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML: short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub} …) become
 * the long-form maps ({@code {"Ref": …}}, {@code {"Fn::GetAtt": [...]}} …) that JSON templates use.
 */
public final class CloudFormationYaml {

  private static final List<String> FUNCTIONS = List.of(
      "GetAtt", "Sub", "If", "Equals", "Not", "And", "Or", "Join", "Select", "Split", "FindInMap",
      "Base64", "Cidr", "GetAZs", "ImportValue",
      // Rules-only functions.
      "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll");

  private CloudFormationYaml() {}

  /** The document as maps (insertion-ordered), lists, strings, numbers and booleans. */
  public static Map<String, Object> parse(String yaml) {
    Object document;
    try {
      document = new Yaml(new TagConstructor()).load(yaml);
    } catch (YAMLException e) {
      throw new TemplateException("not valid CloudFormation YAML: " + e.getMessage(), e);
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new TemplateException("a template must be a YAML mapping at the top level");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) map;
    return root;
  }

  private static final class TagConstructor extends SafeConstructor {
    TagConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
      for (String function : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
      }
      // CloudFormation keeps unquoted dates such as a policy's Version 2012-10-17 as strings.
      yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          return constructScalar((ScalarNode) node);
        }
      });
    }

    private final class LongForm extends AbstractConstruct {
      private final String key;

      LongForm(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          value = getAttFromDottedName(constructScalar(scalar), scalar);
        } else if (node instanceof SequenceNode sequence) {
          value = new ArrayList<>(constructSequence(sequence));
        } else {
          value = new LinkedHashMap<>(constructMapping((MappingNode) node));
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put(key, value);
        return longForm;
      }

      /** {@code !GetAtt Resource.Attribute.Part} is {@code ["Resource", "Attribute.Part"]}. */
      private Object getAttFromDottedName(String scalar, Node node) {
        if (!key.equals("Fn::GetAtt")) {
          return scalar;
        }
        int dot = scalar.indexOf('.');
        if (dot < 1 || dot == scalar.length() - 1) {
          throw new TemplateException("line " + (node.getStartMark().getLine() + 1)
              + ": !GetAtt needs Resource.Attribute, got '" + scalar + "'");
        }
        return List.of(scalar.substring(0, dot), scalar.substring(dot + 1));
      }
    }
  }
}
