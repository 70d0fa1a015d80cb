package io.quiver.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of a scroll through a collection in id order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param points the page's points, in id order
 * @param nextPageToken the token that continues after this page; empty at the end
 */
public record ScrollPage(List<Point> points, String nextPageToken) {

  /** Copies the list; a {@code null} token becomes empty. */
  public ScrollPage {
    points = List.copyOf(points);
    nextPageToken = Objects.requireNonNullElse(nextPageToken, "");
  }

  /** Whether there are more points after this page. */
  public boolean hasNextPage() {
    return !nextPageToken.isEmpty();
  }
}
