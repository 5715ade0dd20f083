package dev.payments.support.secrets;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Start-up refused: the settings named are unsafe outside the local profile. The message names each property and why,
 * never a value.
 */
public final class InsecureConfigurationException extends RuntimeException {

    private final List<String> problems;

    InsecureConfigurationException(List<String> problems) {
        super("Refusing to start outside the '" + SecretsGuard.LOCAL_PROFILE + "' profile: "
                + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per unsafe property: its name, its environment variable and what is wrong, never its value. */
    public List<String> problems() {
        return problems;
    }

    String bulletList() {
        return problems.stream().map(problem -> "  - " + problem).collect(Collectors.joining(System.lineSeparator()));
    }
}
