/**
 * Not part of the product: the edge benchmark's baseline, an endpoint that takes the same way through Tomcat, the
 * filters and Spring MVC as issuance but does no work, so that issuance's rate can be read as a share of it. Off unless
 * {@code payments.edge.benchmark.noop-endpoint=true}; nothing else in the edge refers to this package.
 */
package dev.payments.edge.benchmark;
