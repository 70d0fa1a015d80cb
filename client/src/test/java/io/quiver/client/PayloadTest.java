package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadTest {

  /** A record payload. */
  public record Article(String title, int year, double rating, boolean draft, List<String> tags, Author author,
      Kind kind) {}

  /** Nested record. */
  public record Author(String name, long id) {}

  /** An enum field. */
  public enum Kind { NEWS, BLOG }

  /** A plain object with getters and setters. */
  public static final class Bean {
    private String name;
    private int count;
    private Set<String> labels;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public int getCount() {
      return count;
    }

    public void setCount(int count) {
      this.count = count;
    }

    public Set<String> getLabels() {
      return labels;
    }

    public void setLabels(Set<String> labels) {
      this.labels = labels;
    }
  }

  @Test
  void recordsConvertToPayloadsAndBackThroughTheWireTypes() {
    Article a = new Article("Vectors", 2024, 4.5, false, List.of("ml", "db"), new Author("Ada", 7), Kind.BLOG);
    Payload p = Payload.from(a);
    assertThat(p).containsEntry("title", "Vectors").containsEntry("year", 2024).containsEntry("kind", "BLOG");
    assertThat(p.getPayload("author")).containsEntry("name", "Ada");

    // What the server sends back: integers as Long, doubles as Double, nested maps.
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("title", "Vectors");
    wire.put("year", 2024L);
    wire.put("rating", 4.5);
    wire.put("draft", false);
    wire.put("tags", List.of("ml", "db"));
    wire.put("author", Map.of("name", "Ada", "id", 7L));
    wire.put("kind", "BLOG");
    wire.put("extra", "ignored");
    Payload back = Payload.of(wire);
    assertThat(back.as(Article.class)).isEqualTo(a);
    assertThat(back.getString("title")).isEqualTo("Vectors");
    assertThat(back.getLong("year")).isEqualTo(2024L);
    assertThat(back.getDouble("rating")).isEqualTo(4.5);
    assertThat(back.getDouble("year")).isEqualTo(2024.0);
    assertThat(back.getBoolean("draft")).isFalse();
    assertThat(back.getList("tags", String.class)).containsExactly("ml", "db");
    assertThat(back.getString("missing")).isNull();
    assertThatThrownBy(() -> back.getLong("title")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'title'");
    assertThatThrownBy(() -> back.getLong("missing")).hasMessageContaining("absent");
    assertThatThrownBy(() -> back.getList("tags", Long.class)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void beansConvertThroughGettersAndSetters() {
    Bean b = new Bean();
    b.setName("n");
    b.setCount(3);
    b.setLabels(Set.of("x"));
    Payload p = Payload.from(b);
    assertThat(p).containsOnlyKeys("count", "labels", "name");
    Bean back = Payload.of(Map.of("name", "n", "count", 3L, "labels", List.of("x"))).as(Bean.class);
    assertThat(back.getName()).isEqualTo("n");
    assertThat(back.getCount()).isEqualTo(3);
    assertThat(back.getLabels()).containsExactly("x");
  }

  @Test
  void valuesWithoutAPayloadFormAreRefused() {
    assertThatThrownBy(() -> Payload.from("just a string")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payload.from(Map.of("n", new java.math.BigDecimal("1.5"))))
        .hasMessageContaining("'n'");
    assertThatThrownBy(() -> Payload.of(Map.of("year", 1L << 40)).as(Article.class)).hasMessageContaining("'year'");
    assertThat(Payload.from(null)).isEmpty();
  }

  @Test
  void vectorsFromListsOfNumbers() {
    Point p = Point.of(1, List.of(1f, 2f, 3.5f), Map.of());
    assertThat(p.vector()).containsExactly(1f, 2f, 3.5f);
    assertThat(Point.of("a", List.of(1.0, 2.0), null).vector()).containsExactly(1f, 2f);
    assertThat(SearchQuery.builder(List.of(0.5f, 0.25f)).build().vector()).containsExactly(0.5f, 0.25f);
    assertThatThrownBy(() -> Point.of(1, java.util.Arrays.asList(1f, null), Map.of()))
        .isInstanceOf(NullPointerException.class);
  }
}
