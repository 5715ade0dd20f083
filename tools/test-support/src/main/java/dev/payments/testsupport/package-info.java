/** Test infrastructure shared by the modules' integration tests: real PostgreSQL, real Kafka, an HTTP-level PG. */
package dev.payments.testsupport;
