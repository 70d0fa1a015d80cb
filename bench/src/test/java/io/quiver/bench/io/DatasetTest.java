package io.quiver.bench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.bench.TestDatasets;
import io.quiver.bench.filter.MetadataFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening datasets: metric detection, checks across files, metadata and filtered queries. */
class DatasetTest {
  @TempDir
  Path tmp;

  @Test
  void metricComesFromTheReadmeLineThatNamesIt() {
    // The lines of ../shared/data's READMEs: the first metric name after "metric" wins.
    assertThat(DatasetMetric.fromReadme("| metric | **cosine** (vectors are unit length, so dot product gives "
        + "the same ranking; distances stored as 1 - cos) |")).isEqualTo(DatasetMetric.COSINE);
    assertThat(DatasetMetric.fromReadme("Real image vectors.\n| metric | **l2** (Euclidean; ground-truth "
        + "distances are squared L2) |")).isEqualTo(DatasetMetric.L2);
    assertThat(DatasetMetric.fromReadme("metric: dot")).isEqualTo(DatasetMetric.DOT);
    assertThat(DatasetMetric.fromReadme("no metric named here\nnothing")).isNull();
    assertThat(DatasetMetric.parse("Euclidean")).isEqualTo(DatasetMetric.L2);
    assertThatThrownBy(() -> DatasetMetric.parse("hamming")).hasMessageContaining("l2, cosine or dot");
  }

  @Test
  void opensAGeneratedDatasetAndStreamsRowsWithMetadata() throws IOException {
    Path dir = TestDatasets.write(tmp.resolve("gen"), "l2", 50, 5, 4, 10, 1);
    try (Dataset ds = Dataset.open(dir, null, 3)) {
      assertThat(ds.metric()).isEqualTo(DatasetMetric.L2);
      assertThat(ds.dimension()).isEqualTo(4);
      assertThat(ds.baseCount()).isEqualTo(50);
      assertThat(ds.queries()).hasNumberOfRows(3);
      assertThat(ds.groundTruthDepth()).isEqualTo(10);
      try (Dataset.BaseRows rows = ds.baseRows(true, 10, 13)) {
        assertThat(rows.size()).isEqualTo(3);
        BaseRow r = rows.next();
        assertThat(r.row()).isEqualTo(10);
        assertThat(r.meta().get("id").intValue()).isEqualTo(10);
        rows.next();
        assertThat(rows.next().meta().get("label").intValue()).isEqualTo(2);
        assertThat(rows.hasNext()).isFalse();
      }
    }
  }

  @Test
  void metricOverrideWinsAndAMissingOneIsExplained() throws IOException {
    Path dir = TestDatasets.write(tmp.resolve("gen"), "l2", 20, 2, 3, 5, 2);
    try (Dataset ds = Dataset.open(dir, DatasetMetric.DOT, 0)) {
      assertThat(ds.metric()).isEqualTo(DatasetMetric.DOT);
    }
    Files.writeString(dir.resolve("README.md"), "# no hint\n");
    assertThatThrownBy(() -> Dataset.open(dir, null, 0))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("README.md").hasMessageContaining("--metric");
  }

  @Test
  void mismatchedFilesAreCaughtWhenOpening() throws IOException {
    Path dir = TestDatasets.write(tmp.resolve("gen"), "l2", 20, 4, 3, 5, 3);
    TestDatasets.writeIvecs(dir.resolve("groundtruth.ivecs"), new int[][] {{1, 2}, {3, 4}});
    assertThatThrownBy(() -> Dataset.open(dir, null, 0))
        .hasMessageContaining("groundtruth.ivecs: 2 ground-truth rows for 4 queries");
    TestDatasets.writeIvecs(dir.resolve("groundtruth.ivecs"), new int[][] {{1}, {2}, {3}, {99}});
    assertThatThrownBy(() -> Dataset.open(dir, null, 0)).hasMessageContaining("names base vector 99");
    TestDatasets.writeFvecs(dir.resolve("query.fvecs"), new float[][] {{1, 2}});
    assertThatThrownBy(() -> Dataset.open(dir, null, 0)).hasMessageContaining("dimension 2 differs");
  }

  @Test
  void shortMetadataFileFailsWhileStreaming() throws IOException {
    Path dir = TestDatasets.write(tmp.resolve("gen"), "l2", 20, 2, 3, 5, 4);
    Files.writeString(dir.resolve("base.meta.jsonl"), "{\"a\": 1}\n{\"a\": 2}\n");
    try (Dataset ds = Dataset.open(dir, null, 0); Dataset.BaseRows rows = ds.baseRows(true)) {
      rows.next();
      rows.next();
      assertThatThrownBy(rows::next).hasMessageContaining("base.meta.jsonl: ends after 2 lines");
    }
  }

  @Test
  void filteredQueriesAreParsedAndBucketed() throws IOException {
    Path dir = TestDatasets.write(tmp.resolve("gen"), "l2", 40, 3, 3, 5, 5);
    Files.writeString(dir.resolve("filtered_queries.jsonl"), String.join("\n",
        "{\"query\": 0, \"filter\": {\"label\": 1}, \"target_selectivity\": \"10%\", \"selectivity\": 0.1, \"neighbors\": [1, 11]}",
        "{\"query\": 1, \"filter\": {\"score\": {\"gte\": 3.5}}, \"selectivity\": 0.0061, \"neighbors\": [7]}",
        "{\"query\": 2, \"filter\": {\"label\": {\"in\": [1, 2]}}, \"selectivity_bucket\": \"0.2\", \"neighbors\": []}",
        ""));
    try (Dataset ds = Dataset.open(dir, null, 0)) {
      List<FilteredQuery> fq = ds.filteredQueries();
      assertThat(fq).extracting(FilteredQuery::bucket).containsExactly("0.1", "0.005", "0.2");
      assertThat(fq.get(0).neighbors()).containsExactly(1, 11);
      assertThat(fq.get(1).filter().conditions().getFirst().op()).isEqualTo(MetadataFilter.Op.GTE);
      assertThat(fq.get(2).selectivity()).isNaN();
    }
    Files.writeString(dir.resolve("filtered_queries.jsonl"),
        "{\"query\": 0, \"filter\": {\"label\": 1}, \"neighbors\": [1]}\n{\"query\": 9, \"filter\": {}, \"neighbors\": []}\n");
    try (Dataset ds = Dataset.open(dir, null, 0)) {
      assertThatThrownBy(ds::filteredQueries).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("filtered_queries.jsonl:2: 'query' must be an index into query.fvecs");
    }
  }

  @Test
  void plainNumbersKeepFourSignificantDigits() {
    assertThat(Dataset.plain(0.51038)).isEqualTo("0.5104");
    assertThat(Dataset.plain(0.006)).isEqualTo("0.006");
    assertThat(Dataset.plain(0.1)).isEqualTo("0.1");
    assertThat(Dataset.plain(1.0)).isEqualTo("1");
  }
}
