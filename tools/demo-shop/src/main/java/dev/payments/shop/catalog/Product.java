package dev.payments.shop.catalog;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * A product the shop sells.
 *
 * @param id stable identifier used in the order form
 * @param name shown to the buyer and used in the order name
 * @param price unit price in KRW won
 */
public record Product(String id, String name, long price) {

    public Product {
        if (id == null || !id.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("product id must be 1-32 of [a-z0-9-]: " + id);
        }
        if (name == null || name.isBlank() || name.length() > 80) {
            throw new IllegalArgumentException("product name must be 1-80 characters");
        }
        if (price < 100) {
            throw new IllegalArgumentException("price must be at least 100 won (the PG's card minimum)");
        }
    }

    /** The price as a buyer in Korea reads it, e.g. {@code 15,000원}. */
    public String priceLabel() {
        return won(price);
    }

    public static String won(long amount) {
        return NumberFormat.getIntegerInstance(Locale.KOREA).format(amount) + "원";
    }
}
