package dev.payments.edge.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/orders/{orderId}/checkout}: the order's CSRF token as issued. */
record CheckoutRequest(@NotBlank @Size(max = 512) String csrfToken) {}
