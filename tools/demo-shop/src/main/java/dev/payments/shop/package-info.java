/** The demo shop: a merchant's web shop that sells through the payments system. */
package dev.payments.shop;
