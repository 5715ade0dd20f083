/**
 * Orders as the edge sees them: issuing (with CSRF tokens), starting checkout, and reading the worker's order state
 * and timeline.
 */
package dev.payments.edge.order;
