package dev.payments.edge.readmodel;

import java.util.List;
import org.springframework.data.repository.Repository;

/** The worker's timeline rows of one order, read-only. */
interface TimelineRows extends Repository<TimelineRow, Long> {

    /** In the order the worker read the events (by id), oldest first. */
    List<TimelineRow> findByOrderIdOrderByIdAsc(String orderId);
}
