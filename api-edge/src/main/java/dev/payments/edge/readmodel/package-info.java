/** An order and its timeline as the worker recorded them, read from the worker's tables and never written. */
package dev.payments.edge.readmodel;
