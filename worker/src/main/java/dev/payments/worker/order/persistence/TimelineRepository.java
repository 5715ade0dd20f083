package dev.payments.worker.order.persistence;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TimelineRepository extends JpaRepository<TimelineEntry, Long> {

    List<TimelineEntry> findByOrderIdOrderByIdAsc(String orderId);
}
