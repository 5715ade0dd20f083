/** The api-edge: HTTP in, CloudEvents on {@code payments.order-events} out; it never changes order state itself. */
package dev.payments.edge;
