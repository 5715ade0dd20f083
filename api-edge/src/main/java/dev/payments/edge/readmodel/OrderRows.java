package dev.payments.edge.readmodel;

import java.util.Optional;
import org.springframework.data.repository.Repository;

/** The worker's orders, one at a time, read-only: only finders are declared, so nothing here can save or delete. */
interface OrderRows extends Repository<OrderRow, String> {

    Optional<OrderRow> findById(String orderId);

    boolean existsById(String orderId);
}
