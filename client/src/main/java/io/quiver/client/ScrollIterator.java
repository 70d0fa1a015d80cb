package io.quiver.client;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Walks every point of a collection, fetching the next page only when the current one is used
 * up. Not thread-safe: one consumer at a time.
 */
final class ScrollIterator implements Iterator<Point> {

  /** Fetches the page that starts at the given token ({@code ""} for the first page). */
  private final Function<String, ScrollPage> fetchPage;
  private Iterator<Point> current = Collections.emptyIterator();
  private String nextToken = "";
  private boolean fetchedAny;

  ScrollIterator(Function<String, ScrollPage> fetchPage) {
    this.fetchPage = fetchPage;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (fetchedAny && nextToken.isEmpty()) {
        return false;
      }
      String token = nextToken;
      ScrollPage page = fetchPage.apply(token);
      fetchedAny = true;
      if (page.points().isEmpty() && page.hasNextPage() && page.nextPageToken().equals(token)) {
        // Asking again would return the same empty page forever.
        throw new IllegalStateException(
            "server returned an empty scroll page with an unchanged token '" + token + "'");
      }
      current = page.points().iterator();
      nextToken = page.nextPageToken();
    }
    return true;
  }

  @Override
  public Point next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more points");
    }
    return current.next();
  }
}
