package io.quiver.storage.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.StorageException;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTest {
  static PayloadValue s(String v) {
    return new PayloadValue.Text(v);
  }

  static PayloadValue i(long v) {
    return new PayloadValue.Int(v);
  }

  static PayloadValue d(double v) {
    return new PayloadValue.Real(v);
  }

  static final Payload DOC = new Payload(Map.of(
      "lang", s("en"),
      "year", i(2021),
      "price", d(9.5),
      "tags", new PayloadValue.ListOf(List.of(s("a"), s("b"))),
      "meta", new PayloadValue.MapOf(Map.of("src", s("web"), "n", i(3),
          "items", new PayloadValue.ListOf(List.of(new PayloadValue.MapOf(Map.of("k", i(7))))))),
      "gone", PayloadValue.Null.INSTANCE,
      "empty", new PayloadValue.ListOf(List.of()),
      "ok", new PayloadValue.Bool(true),
      "title", s("The Quick brown-fox, jumps!"),
      "big", i(9_007_199_254_740_993L)));

  static boolean m(Condition c) {
    return FilterEvaluator.matches(c, PointId.of(1), DOC);
  }

  static Condition range(String key, NumericRange r) {
    return new Condition.Range(key, r);
  }

  @Test
  void eachConditionType() {
    assertThat(m(Condition.match("lang", "en"))).isTrue();
    assertThat(m(Condition.match("lang", "de"))).isFalse();
    assertThat(m(Condition.match("year", 2021))).isTrue();
    assertThat(m(Condition.match("price", 9))).isFalse();
    assertThat(m(Condition.match("year", "2021"))).isFalse(); // no conversion between kinds
    assertThat(m(Condition.match("ok", true))).isTrue();
    assertThat(m(Condition.match("tags", "b"))).isTrue(); // any element of a list
    assertThat(m(Condition.match("meta.src", "web"))).isTrue(); // dotted path
    assertThat(m(Condition.match("meta.items.k", 7))).isTrue(); // through a list of maps
    assertThat(m(Condition.match("meta.missing", 7))).isFalse();
    assertThat(m(new Condition.MatchAny("lang", Set.of("fr", "en"), false))).isTrue();
    assertThat(m(new Condition.MatchAny("tags", Set.of("c"), false))).isFalse();
    assertThat(m(new Condition.MatchAny("tags", Set.of("a"), true))).isFalse();
    assertThat(m(new Condition.MatchAny("tags", Set.of("z"), true))).isTrue();
    assertThat(m(new Condition.MatchAny("nope", Set.of("z"), true))).isTrue(); // missing field
    assertThat(m(range("year", new NumericRange(null, 2021.0, null, null, null, null, null, null)))).isTrue();
    assertThat(m(range("year", new NumericRange(2021.0, null, null, null, null, null, null, null)))).isFalse();
    assertThat(m(range("price", new NumericRange(null, null, 9.5, null, null, null, null, null)))).isFalse();
    assertThat(m(range("price", new NumericRange(null, null, null, null, 9L, null, 10L, null)))).isTrue();
    assertThat(m(range("lang", new NumericRange(null, -1e300, null, null, null, null, null, null)))).isFalse();
    // int64 beyond 2^53 compared exactly: 2^53 + 1 > (double) 2^53
    assertThat(m(range("big", new NumericRange(0x1p53, null, null, null, null, null, null, null)))).isTrue();
    assertThat(m(range("big", new NumericRange(null, null, null, null, null, null, 9_007_199_254_740_993L, null)))).isFalse();
    assertThat(m(new Condition.Exists("lang", true))).isTrue();
    assertThat(m(new Condition.Exists("gone", true))).isFalse();
    assertThat(m(new Condition.Exists("empty", true))).isFalse();
    assertThat(m(new Condition.Exists("nope", false))).isTrue();
    assertThat(m(new Condition.IsNull("gone", true))).isTrue();
    assertThat(m(new Condition.IsNull("lang", true))).isFalse();
    assertThat(m(new Condition.IsNull("nope", false))).isTrue();
    assertThat(m(new Condition.Text("title", "quick FOX"))).isTrue();
    assertThat(m(new Condition.Text("title", "quick dog"))).isFalse();
    assertThat(m(new Condition.HasId(Set.of(PointId.of(1), PointId.of("x"))))).isTrue();
    assertThat(m(new Condition.HasId(Set.of(PointId.of(2))))).isFalse();
  }

  @Test
  void booleanCombinations() {
    Condition t = Condition.match("lang", "en");
    Condition f = Condition.match("lang", "de");
    assertThat(FilterEvaluator.matches(Filter.must(t, t), PointId.of(1), DOC)).isTrue();
    assertThat(FilterEvaluator.matches(Filter.must(t, f), PointId.of(1), DOC)).isFalse();
    assertThat(FilterEvaluator.matches(Filter.should(f, t), PointId.of(1), DOC)).isTrue();
    assertThat(FilterEvaluator.matches(Filter.should(f, f), PointId.of(1), DOC)).isFalse();
    assertThat(FilterEvaluator.matches(new Filter(List.of(), List.of(t, f, t), 2, List.of()), PointId.of(1), DOC)).isTrue();
    assertThat(FilterEvaluator.matches(new Filter(List.of(), List.of(t, f, f), 2, List.of()), PointId.of(1), DOC)).isFalse();
    assertThat(FilterEvaluator.matches(Filter.mustNot(f), PointId.of(1), DOC)).isTrue();
    assertThat(FilterEvaluator.matches(Filter.mustNot(t), PointId.of(1), DOC)).isFalse();
    Filter nested = Filter.must(new Condition.Nested(Filter.should(f, new Condition.Nested(Filter.mustNot(f)))));
    assertThat(FilterEvaluator.matches(nested, PointId.of(1), DOC)).isTrue();
    assertThat(FilterEvaluator.matches(new Filter(null, null, 0, null), PointId.of(1), DOC)).isTrue();
  }

  @Test
  void limitsAreNamedInErrors() {
    Filter deep = Filter.must(Condition.match("a", "b"));
    for (int i = 0; i < Filter.MAX_DEPTH; i++) {
      deep = Filter.must(new Condition.Nested(deep));
    }
    Filter tooDeep = deep;
    assertThatThrownBy(() -> tooDeep.validate("filter")).isInstanceOf(StorageException.class)
        .hasMessageContaining("filter_max_depth = 8");
    List<Condition> many = new ArrayList<>();
    for (int i = 0; i <= Filter.MAX_CONDITIONS; i++) {
      many.add(Condition.match("a", i));
    }
    assertThatThrownBy(() -> new Filter(many, null, 0, null).validate("filter"))
        .hasMessageContaining("filter_max_conditions = 64");
    assertThatThrownBy(() -> Filter.must(range("x", new NumericRange(Double.NaN, null, null, null, null, null, null, null)))
        .validate("filter")).hasMessageContaining("NaN");
    assertThatThrownBy(() -> Filter.must(Condition.match("a..b", "x")).validate("filter"))
        .hasMessageContaining("filter.must[0].key");
    Filter.must(Condition.match("meta.src", "x")).validate("filter");
  }

  @Test
  void exactLongDoubleComparison() {
    assertThat(NumericRange.compare(3, 2.5)).isPositive();
    assertThat(NumericRange.compare(2, 2.5)).isNegative();
    assertThat(NumericRange.compare(-3, -2.5)).isNegative();
    assertThat(NumericRange.compare(Long.MAX_VALUE, 0x1p63)).isNegative();
    assertThat(NumericRange.compare(Long.MIN_VALUE, -0x1p63)).isZero();
    assertThat(NumericRange.compare(9_007_199_254_740_993L, 0x1p53)).isPositive();
  }

  @Test
  void tokenizer() {
    assertThat(Tokenizer.tokens("Héllo, wörld-42!")).containsExactly("héllo", "wörld", "42");
  }
}
