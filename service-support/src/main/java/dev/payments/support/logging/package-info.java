/** Log context both services share: which order (and event) a log line is about, as SLF4J MDC keys. */
package dev.payments.support.logging;
