/**
 * The start-up guard: outside the {@code local} profile a service refuses to start on a missing, committed or too short
 * secret, or a plain-http URL to another host (docs/contract.md §6). Declare a {@link SecretsGuard} bean.
 */
package dev.payments.support.secrets;
