package dev.payments.shop.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The shop's products. Fixed in code: the demo is about paying, not about managing a catalogue. */
@Component
public class Catalog {

    /** The most a buyer may order of one product in one order. */
    public static final int MAX_QUANTITY = 5;

    private static final List<Product> PRODUCTS = List.of(
            new Product("coffee-beans", "Coffee beans 1kg (원두)", 15_000),
            new Product("drip-kettle", "Drip kettle (드립 주전자)", 39_000),
            new Product("ceramic-mug", "Ceramic mug (머그컵)", 12_000),
            new Product("paper-filters", "Paper filters x100 (필터)", 4_500));

    public List<Product> products() {
        return PRODUCTS;
    }

    public Optional<Product> find(String id) {
        return PRODUCTS.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
