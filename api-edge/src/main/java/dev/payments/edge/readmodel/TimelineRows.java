package dev.payments.edge.readmodel;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** The worker's timeline rows of one order, read-only. */
interface TimelineRows extends Repository<TimelineRow, Long> {

    /** At most {@code limit} rows after position {@code after}, in the order the worker read the events (by id). */
    List<TimelineRow> findByOrderIdAndIdGreaterThanOrderByIdAsc(String orderId, long after, Limit limit);

    boolean existsByOrderId(String orderId);
}
