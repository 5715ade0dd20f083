/** The PG's browser redirects (successUrl, failUrl) and the result page the buyer lands on. */
package dev.payments.edge.pg;
