/**
 * The shop's client of the api-edge, server-to-server: issuing an order and starting its checkout (the buyer's side),
 * reading orders and refunding them (the merchant's side), and the answers as the shop reads them.
 */
package dev.payments.shop.edge;
