package dev.payments.edge.readmodel;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of an order's timeline, oldest first.
 *
 * @param next the position to read the next page after, or null when this page ends the timeline
 */
record TimelinePage(List<TimelineEntry> entries, @Nullable Long next) {}
