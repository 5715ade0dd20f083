package dev.payments.shop.orders;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Korean banks by the two-digit code Toss names them with: how the Orders page names a virtual account's bank, and the
 * banks a refund account may be at.
 */
final class Banks {

    /** In the order the refund form lists them. */
    static final Map<String, String> BY_CODE = byCode(
            "02", "KDB산업은행",
            "03", "IBK기업은행",
            "04", "KB국민은행",
            "07", "Sh수협은행",
            "11", "NH농협은행",
            "12", "단위농협",
            "20", "우리은행",
            "23", "SC제일은행",
            "27", "씨티은행",
            "31", "iM뱅크(대구은행)",
            "32", "부산은행",
            "34", "광주은행",
            "35", "제주은행",
            "37", "전북은행",
            "39", "경남은행",
            "45", "새마을금고",
            "48", "신협",
            "50", "저축은행",
            "54", "HSBC",
            "64", "산림조합",
            "71", "우체국",
            "81", "하나은행",
            "88", "신한은행",
            "89", "케이뱅크",
            "90", "카카오뱅크",
            "92", "토스뱅크");

    private Banks() {}

    static boolean known(String code) {
        return code != null && BY_CODE.containsKey(code);
    }

    /** The bank's name and code, e.g. {@code 우리은행 (20)}; a code the shop does not know as it is. */
    static String label(String code) {
        String name = code == null ? null : BY_CODE.get(code);
        return name == null ? "bank code " + code : name + " (" + code + ")";
    }

    private static Map<String, String> byCode(String... codesAndNames) {
        Map<String, String> banks = new LinkedHashMap<>();
        for (int i = 0; i < codesAndNames.length; i += 2) {
            banks.put(codesAndNames[i], codesAndNames[i + 1]);
        }
        return Collections.unmodifiableMap(banks);
    }
}
