package dev.payments.support.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused start into Spring Boot's "APPLICATION FAILED TO START" report: what is wrong and what to do. */
class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
        String description = "This service refuses to start outside the '" + SecretsGuard.LOCAL_PROFILE
                + "' profile with unsafe settings:" + System.lineSeparator() + cause.bulletList();
        String action = "Set each property named above: secrets from your secret store (never a value committed to the"
                + " repository), HMAC keys of at least " + SecretsGuard.MIN_HMAC_KEY_LENGTH
                + " random characters, URLs with https (plain http only to a loopback address). On a developer"
                + " machine or in a test, run with the '" + SecretsGuard.LOCAL_PROFILE + "' profile instead"
                + " (--spring.profiles.active=" + SecretsGuard.LOCAL_PROFILE + " or SPRING_PROFILES_ACTIVE="
                + SecretsGuard.LOCAL_PROFILE + "), which allows the committed local values.";
        return new FailureAnalysis(description, action, cause);
    }
}
