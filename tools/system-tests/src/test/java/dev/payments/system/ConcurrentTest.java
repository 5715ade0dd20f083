package dev.payments.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test that runs in parallel with the other such tests of its class, each on orders of its own, while the class
 * itself still runs alone, after the class before it (junit-platform.properties). {@code @Execution(CONCURRENT)} on the
 * class instead would also run the class beside the other classes, which share the stacks, their meters and the JVM's
 * console output.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Execution(ExecutionMode.CONCURRENT)
@interface ConcurrentTest {}
