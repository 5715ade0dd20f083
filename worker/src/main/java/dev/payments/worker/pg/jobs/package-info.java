/** What the PG job kinds (confirms, status checks, refunds, deposit cancels) share: leased job tables, one poller template, one writer of finished jobs. */
package dev.payments.worker.pg.jobs;
