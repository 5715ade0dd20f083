/** From the buyer's Order button to the PG's payment window: the buyer's pages and what the Order button does. */
package dev.payments.shop.checkout;
