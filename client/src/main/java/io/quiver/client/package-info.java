/**
 * The Java client SDK for Quiver.
 *
 * <p>Start with {@link io.quiver.client.QuiverClient#builder()}. Requests and replies are plain
 * Java types ({@link io.quiver.client.Point}, {@link io.quiver.client.SearchQuery},
 * {@link io.quiver.client.ScoredPoint}, ...); every failure reported by the server arrives as a
 * {@link io.quiver.client.QuiverException}. The generated gRPC stubs stay reachable through
 * {@link io.quiver.client.QuiverClient#raw()} for anything these types do not cover.
 */
package io.quiver.client;
