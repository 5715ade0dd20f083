package dev.payments.edge.order;

import dev.payments.schemas.OrderIssued;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the worker recorded of an order's issuance, read from its {@code orders} table, so that a retried issuance is
 * answered as the first one was. Issuance is the edge's hot path, so this is one plain {@code JdbcClient} statement,
 * not an entity (the project's data-access rule: Spring Data JPA where one aggregate is handled at a time on a cold
 * path, plain JDBC on hot paths).
 */
@Repository
class IssuedOrders {

    private final JdbcClient jdbc;

    IssuedOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IssuedRecord> find(String orderId) {
        return jdbc.sql("""
                        SELECT status, amount, currency, order_name, token_hash, expires_at
                          FROM orders
                         WHERE order_id = :orderId
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> new IssuedRecord(
                        rs.getString("status"),
                        rs.getLong("amount"),
                        rs.getString("currency"),
                        rs.getString("order_name"),
                        rs.getString("token_hash"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** The issued facts of an order and its current status. */
    record IssuedRecord(
            String status, long amount, String currency, String orderName, String tokenHash, Instant expiresAt) {

        boolean sameOrderAs(OrderIssued issued) {
            return issued.sameOrderAs(amount, currency, orderName, tokenHash);
        }
    }
}
