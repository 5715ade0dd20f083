package dev.payments.worker.order.persistence;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ParkedEventRepository extends JpaRepository<ParkedEvent, Long> {

    /** The order's parked events in arrival order. */
    List<ParkedEvent> findByOrderIdOrderByIdAsc(String orderId);

    List<ParkedEvent> findTop500ByParkedAtBeforeOrderByIdAsc(Instant parkedBefore);
}
