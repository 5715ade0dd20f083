package dev.payments.worker.reconcile.ledger;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's numbers: the PG rows inside its window, and its items by class and by resolution (matched included). Each
 * class and each resolution but NONE is a column of {@code reconciliation_runs}, named as the constant in lower case.
 */
record Counts(int pgTransactions, Map<Drift, Integer> classes, Map<Resolution, Integer> resolutions) {

    /** The resolutions a run counts: NONE is every MATCHED item, counted as a class already. */
    static final List<Resolution> COUNTED_RESOLUTIONS =
            List.of(Resolution.HEALING, Resolution.HEALED, Resolution.REPORTED);

    Counts {
        classes = Collections.unmodifiableMap(complete(Drift.class, List.of(Drift.values()), classes));
        resolutions = Collections.unmodifiableMap(complete(Resolution.class, COUNTED_RESOLUTIONS, resolutions));
    }

    static Counts of(int pgTransactions, Collection<Item> items) {
        Map<Drift, Integer> classes = new EnumMap<>(Drift.class);
        Map<Resolution, Integer> resolutions = new EnumMap<>(Resolution.class);
        for (Item item : items) {
            classes.merge(item.drift(), 1, Integer::sum);
            if (item.resolution() != Resolution.NONE) {
                resolutions.merge(item.resolution(), 1, Integer::sum);
            }
        }
        return new Counts(pgTransactions, classes, resolutions);
    }

    int of(Drift drift) {
        return classes.get(drift);
    }

    int of(Resolution resolution) {
        return resolutions.getOrDefault(resolution, 0);
    }

    /** The column of a class or resolution in {@code reconciliation_runs}. */
    static String column(Enum<?> countable) {
        return countable.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> Map<E, Integer> complete(Class<E> type, List<E> keys, Map<E, Integer> given) {
        Map<E, Integer> all = new EnumMap<>(type);
        for (E key : keys) {
            all.put(key, given.getOrDefault(key, 0));
        }
        return all;
    }
}
