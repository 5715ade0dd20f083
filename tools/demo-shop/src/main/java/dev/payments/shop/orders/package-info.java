/**
 * The merchant's side of the shop: the orders it issued, read from the payment system server-to-server with the
 * merchant key, and refunds of them. The shop keeps no database: its order book is in memory, the newest few orders.
 */
package dev.payments.shop.orders;
