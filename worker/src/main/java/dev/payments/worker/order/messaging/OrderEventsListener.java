package dev.payments.worker.order.messaging;

import dev.payments.schemas.Topics;
import dev.payments.worker.order.processing.EventDecoder;
import dev.payments.worker.order.processing.OrderEventBatchHandler;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin adapter: decodes a poll batch and hands it to the application service. The container commits the batch's
 * offsets after this method returns, i.e. after the database transaction committed (ack mode BATCH).
 */
@Component
class OrderEventsListener {

    static final String LISTENER_ID = "order-events";

    private final EventDecoder decoder;
    private final OrderEventBatchHandler handler;

    OrderEventsListener(EventDecoder decoder, OrderEventBatchHandler handler) {
        this.decoder = decoder;
        this.handler = handler;
    }

    @KafkaListener(
            id = LISTENER_ID,
            // the consumer group is spring.kafka.consumer.group-id (payments-worker), not the listener id
            idIsGroup = false,
            topics = Topics.ORDER_EVENTS,
            batch = "true")
    void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        handler.handle(records.stream().map(decoder::decode).toList());
    }
}
