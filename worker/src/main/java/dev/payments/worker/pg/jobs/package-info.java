/** What both PG job kinds share: leased job tables, one poller template, one writer of finished jobs. */
package dev.payments.worker.pg.jobs;
