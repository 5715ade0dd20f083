/** From the buyer's Order button to the PG's payment window: the shop's pages and its client of the edge. */
package dev.payments.shop.checkout;
