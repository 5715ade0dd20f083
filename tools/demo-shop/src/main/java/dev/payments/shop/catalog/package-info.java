/** What the demo shop sells: a fixed list of products with KRW prices. */
package dev.payments.shop.catalog;
