/** The edge's configuration properties and shared infrastructure beans. */
package dev.payments.edge.config;
