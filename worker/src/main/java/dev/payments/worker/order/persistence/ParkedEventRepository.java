package dev.payments.worker.order.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ParkedEventRepository extends JpaRepository<ParkedEvent, Long> {

    @Query("select p.eventId from ParkedEvent p where p.eventId in :eventIds")
    Set<String> findParkedEventIds(@Param("eventIds") Collection<String> eventIds);

    @Query("select distinct p.orderId from ParkedEvent p where p.orderId in :orderIds")
    Set<String> findOrdersWithParkedEvents(@Param("orderIds") Collection<String> orderIds);

    /** The order's parked events in arrival order. */
    List<ParkedEvent> findByOrderIdOrderByIdAsc(String orderId);

    List<ParkedEvent> findTop500ByParkedAtBeforeOrderByIdAsc(Instant parkedBefore);
}
