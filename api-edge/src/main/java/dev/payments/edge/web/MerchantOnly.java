package dev.payments.edge.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that only the merchant (Bearer API key) may call. Checked before the request body is read or
 * validated, so an unauthenticated caller learns nothing from validation messages.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface MerchantOnly {}
