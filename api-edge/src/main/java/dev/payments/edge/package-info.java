/** The api-edge, HTTP in and CloudEvents out, and what its features share: its properties and its one way to Kafka. */
package dev.payments.edge;
