/** JPA mapping of the worker's tables: orders, their timeline, the processed-event log and parked events. */
package dev.payments.worker.order.persistence;
