/** The frame of every page the shop renders: escaping, security headers, error pages and redirects. */
package dev.payments.shop.web;
