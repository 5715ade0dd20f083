/**
 * What a browser sees of the sandbox: the SDK script a shop page loads, the payment window it opens (Pay with a
 * method, Decline, Cancel, and the redirects they cause), the receipt, and the developer console's deposit page.
 */
package dev.payments.sandbox.checkout;
