package io.quiver.bench.ann;

import io.quiver.bench.io.DatasetMetric;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one {@code bench ann} run needs, as parsed from the command line. Immutable.
 *
 * @param dataset the dataset directory
 * @param metric the metric to use instead of the dataset README's, or null
 * @param indexSpec the index factory string, e.g. {@code FLAT}
 * @param settings the sweep: one row (per bucket) per setting, in order
 * @param k neighbours asked for and scored (recall@k)
 * @param threads client threads sharing the queries
 * @param target {@code host:port} of a server, or null for the engine in this process
 * @param collection the collection name on the server, or null for a generated one
 * @param batchSize points per streamed upsert batch (server runs)
 * @param keepCollection leave the collection on the server afterwards
 * @param filtered run {@code filtered_queries.jsonl} instead of the plain queries
 * @param limitQueries use only this many queries (per selectivity bucket when filtered); 0: all
 * @param loadPayload store {@code base.meta.jsonl} as payload when present
 * @param out the CSV to write
 * @param plot the PNG to draw, or null
 * @param compare other result CSVs drawn on the same plot
 */
public record AnnConfig(Path dataset, DatasetMetric metric, String indexSpec,
    List<SearchSetting> settings, int k, int threads, String target, String collection,
    int batchSize, boolean keepCollection, boolean filtered, int limitQueries,
    boolean loadPayload, Path out, Path plot, List<Path> compare) {

  /** Copies the lists. */
  public AnnConfig {
    settings = List.copyOf(settings);
    compare = List.copyOf(compare);
  }
}
