/** HTTP plumbing that knows no feature: problem+json answers, request limits, merchant key, parameters, clients. */
package dev.payments.edge.web;
