package dev.payments.worker.pg.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.worker.pg.status.StatusCheckRequests.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCheckRequestsTest {

    @Test
    void requestsForOneOrderAreMergedSoThatOneStatementTouchesEachRowOnce() {
        List<Request> requests = List.of(
                new Request("order-b", "key-b"),
                new Request("order-a", "key-a"),
                new Request("order-b", "key-b"),
                new Request("order-c", "key-c1"),
                new Request("order-c", "key-c2"),
                new Request("order-d", "key-d"),
                new Request("order-d", null),
                new Request("order-e", null));

        assertThat(StatusCheckRequests.merged(requests))
                .as("sorted by orderId; two payments, or one request naming none, read the payment by orderId")
                .containsExactly(
                        new StatusCheckJobs.Requested("order-a", "key-a", 1),
                        new StatusCheckJobs.Requested("order-b", "key-b", 2),
                        new StatusCheckJobs.Requested("order-c", null, 2),
                        new StatusCheckJobs.Requested("order-d", null, 2),
                        new StatusCheckJobs.Requested("order-e", null, 1));
    }
}
