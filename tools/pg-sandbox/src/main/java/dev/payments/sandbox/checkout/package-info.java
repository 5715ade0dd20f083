/** The buyer's payment window: a server-rendered page with Pay, Decline and Cancel, and the redirects they cause. */
package dev.payments.sandbox.checkout;
