/** Issuing orders (with their CSRF tokens) and starting checkout: each accepted request becomes one event. */
package dev.payments.edge.order;
