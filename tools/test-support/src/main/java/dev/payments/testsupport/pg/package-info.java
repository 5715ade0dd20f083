/** A Toss Payments-shaped PG over real HTTP, for the worker's and the system's tests. */
package dev.payments.testsupport.pg;
