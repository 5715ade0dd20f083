package dev.payments.worker.order.persistence;

import java.util.Collection;
import java.util.Set;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ProcessedEventRepository extends JpaRepository<ProcessedEvent, String> {

    /** Which of {@code eventIds} were already applied or rejected: one round trip for a whole batch. */
    @Query("select p.eventId from ProcessedEvent p where p.eventId in :eventIds")
    Set<String> findProcessed(@Param("eventIds") Collection<String> eventIds);
}
