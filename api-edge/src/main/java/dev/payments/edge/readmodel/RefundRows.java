package dev.payments.edge.readmodel;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

/** The worker's refunds, read-only. */
interface RefundRows extends Repository<RefundRow, RefundRow.Key> {

    Optional<RefundRow> findByOrderIdAndRefundId(String orderId, String refundId);

    /** Oldest first; refunds requested at the same instant in the order of their ids. */
    List<RefundRow> findByOrderIdOrderByRequestedAtAscRefundIdAsc(String orderId);
}
