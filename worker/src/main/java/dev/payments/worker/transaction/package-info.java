/** Work that belongs to the caller's database transaction and happens at its commit. */
package dev.payments.worker.transaction;
