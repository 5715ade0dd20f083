package dev.payments.shop.edge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The edge's answer to {@code POST /api/v1/orders} (docs/contract.md §4), as far as the shop uses it.
 *
 * @param csrfToken the order's token: the buyer's credential for this one order (the successUrl carries it too)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssuedOrder(String orderId, String status, long amount, String orderName, String csrfToken, Pg pg) {

    /** What the buyer's page hands to the PG's payment window. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pg(String clientKey, String successUrl, String failUrl) {}
}
