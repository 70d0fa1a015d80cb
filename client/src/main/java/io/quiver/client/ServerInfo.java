package io.quiver.client;

import java.util.List;

/**
 * What the server says about itself.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the server's release, e.g. {@code 0.1.0}
 * @param api the API package it speaks, e.g. {@code quiver.v1}
 * @param indexTypes index kinds {@code createCollection} accepts, e.g. {@code [FLAT, HNSW]}
 */
public record ServerInfo(String version, String api, List<String> indexTypes) {
  /** Copies the list. */
  public ServerInfo {
    indexTypes = List.copyOf(indexTypes);
  }
}
