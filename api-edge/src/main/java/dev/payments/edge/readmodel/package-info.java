/** An order and its timeline as the worker recorded them, read one order at a time (Spring Data JPA, read-only). */
package dev.payments.edge.readmodel;
