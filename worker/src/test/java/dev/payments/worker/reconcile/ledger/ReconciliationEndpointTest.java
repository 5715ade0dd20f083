package dev.payments.worker.reconcile.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint's CSV for finance: RFC 4180, one line per item under a header of the item fields. */
class ReconciliationEndpointTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyHoldACommaAQuoteOrALineBreakAndQuotesAreDoubled() {
        assertThat(ReconciliationEndpoint.csvField(null)).isEmpty();
        assertThat(ReconciliationEndpoint.csvField(15_000L)).isEqualTo("15000");
        assertThat(ReconciliationEndpoint.csvField("order-1")).isEqualTo("order-1");
        assertThat(ReconciliationEndpoint.csvField("a, b")).isEqualTo("\"a, b\"");
        assertThat(ReconciliationEndpoint.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReconciliationEndpoint.csvField("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(ReconciliationEndpoint.csvField("one\nline")).isEqualTo("\"one\nline\"");
    }

    @Test
    void aRunsItemsAreAHeaderAndOneCrlfEndedLineEach() {
        Item item = new Item(
                Drift.AMOUNT_MISMATCH,
                Resolution.REPORTED,
                Source.PG_CANCEL,
                "order-1",
                "pay-1",
                "tx-1",
                "refund-1",
                "PARTIAL_CANCELED",
                4_999L,
                "SUCCEEDED",
                5_000L,
                Instant.parse("2026-11-23T10:05:00Z"),
                "cancelled at the PG for another amount than the refund's, by 1",
                false);

        String csv = ReconciliationEndpoint.csv(List.of(new ReconciliationRuns.StoredItem(7, item)));

        assertThat(csv)
                .isEqualTo("runId,class,resolution,source,orderId,paymentKey,transactionKey,refundId,pgStatus,pgAmount,"
                        + "ourStatus,ourAmount,occurredAt,detail\r\n"
                        + "7,AMOUNT_MISMATCH,REPORTED,PG_CANCEL,order-1,pay-1,tx-1,refund-1,PARTIAL_CANCELED,4999,"
                        + "SUCCEEDED,5000,2026-11-23T10:05:00Z,\"cancelled at the PG for another amount than the"
                        + " refund's, by 1\"\r\n");
        assertThat(ReconciliationEndpoint.csv(List.of()))
                .isEqualTo(String.join(",", ReconciliationEndpoint.ITEM_FIELDS) + "\r\n");
    }
}
