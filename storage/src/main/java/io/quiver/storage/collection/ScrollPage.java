package io.quiver.storage.collection;

import java.util.List;

/** One page of a scroll: points in id order, and the id to start the next page at (null at the end). */
public record ScrollPage(List<Point> points, PointId next) {}
