package io.quiver.storage.collection;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * What collections share for their indexes: the worker pool that links vectors into graphs
 * (and how many of its threads one index may use), and the directory for saved index files
 * (null: indexes are not saved and are rebuilt at start-up).
 */
public record IndexResources(Executor workers, int workerThreads, Path indexDir) {}
