/** HTTP plumbing shared by the features: RFC 9457 problems, merchant authentication, request limits, parameters. */
package dev.payments.edge.web;
