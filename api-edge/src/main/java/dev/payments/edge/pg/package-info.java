/** The PG's browser redirects (successUrl, failUrl), the result page the buyer lands on, and the PG's webhooks. */
package dev.payments.edge.pg;
