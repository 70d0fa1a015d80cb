package io.quiver.bench.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.bench.filter.MetadataFilter.Op;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The datasets' filter syntax, and matching payloads the way the ground truth was computed. */
class FilterParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MetadataFilter parse(String json) throws Exception {
    return FilterParser.parse(JSON.readTree(json));
  }

  private static Map<String, Object> pkg(String section, String arch, long size) {
    Map<String, Object> m = new HashMap<>();
    m.put("section", section);
    m.put("arch", arch);
    m.put("priority", "optional");
    m.put("installed_size", size);
    return m;
  }

  @Test
  void literalsAreEqualityAndKeysAreAnded() throws Exception {
    MetadataFilter f = parse("{\"arch\": \"amd64\", \"priority\": \"optional\"}");
    assertThat(f.conditions()).extracting(MetadataFilter.Condition::op).containsExactly(Op.EQ, Op.EQ);
    assertThat(f.matches(pkg("libs", "amd64", 1))).isTrue();
    assertThat(f.matches(pkg("libs", "all", 1))).isFalse();
  }

  @Test
  void operatorsCompareNumbersNumerically() throws Exception {
    MetadataFilter f = parse("{\"section\": \"python\", \"installed_size\": {\"gte\": 2000}}");
    assertThat(f.matches(pkg("python", "all", 2000))).isTrue();
    assertThat(f.matches(pkg("python", "all", 1999))).isFalse();
    assertThat(parse("{\"installed_size\": {\"lt\": 230.5}}").matches(pkg("x", "all", 230))).isTrue();
    assertThat(parse("{\"installed_size\": {\"gt\": 1, \"lte\": 3}}").matches(pkg("x", "all", 3))).isTrue();
    assertThat(parse("{\"installed_size\": {\"eq\": 3.0}}").matches(pkg("x", "all", 3))).isTrue();
    assertThat(parse("{\"section\": {\"ne\": \"libs\"}}").matches(pkg("x", "all", 3))).isTrue();
    assertThat(parse("{\"missing\": {\"ne\": 1}}").matches(pkg("x", "all", 3))).isTrue();
    assertThat(parse("{\"missing\": {\"lt\": 1}}").matches(pkg("x", "all", 3))).isFalse();
    assertThat(parse("{\"section\": {\"lt\": 5}}").matches(pkg("x", "all", 3))).isFalse();
  }

  @Test
  void inMatchesAnyListedValue() throws Exception {
    MetadataFilter f = parse("{\"section\": {\"in\": [\"python\", \"perl\"]}}");
    assertThat(f.conditions().getFirst().values()).containsExactly("python", "perl");
    assertThat(f.matches(pkg("perl", "all", 1))).isTrue();
    assertThat(f.matches(pkg("mail", "all", 1))).isFalse();
  }

  @Test
  void mistakesNameTheFieldAndTheProblem() {
    assertThatThrownBy(() -> parse("{\"a\": {\"like\": \"x\"}}")).hasMessageContaining("'a': unknown operator 'like'");
    assertThatThrownBy(() -> parse("{\"a\": {\"in\": \"x\"}}")).hasMessageContaining("'in' needs a non-empty list");
    assertThatThrownBy(() -> parse("{\"a\": {\"eq\": [1]}}")).hasMessageContaining("operands must be");
    assertThatThrownBy(() -> parse("{}")).hasMessageContaining("at least one field");
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("must be a JSON object");
  }

  @Test
  void unsupportedTranslatorSaysSo() throws Exception {
    MetadataFilter f = parse("{\"a\": 1}");
    FilterTranslator<Object> t = FilterTranslator.unsupported("test target");
    assertThatThrownBy(() -> t.translate(f)).isInstanceOf(UnsupportedFilterException.class)
        .hasMessage("filtered search is not supported by this index/server yet (test target)");
  }
}
