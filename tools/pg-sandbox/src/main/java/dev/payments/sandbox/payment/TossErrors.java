package dev.payments.sandbox.payment;

import dev.payments.sandbox.SandboxProperties;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Toss's error codes with their HTTP statuses and Korean messages (pg-reference.md), plus the statuses configured in
 * {@code payments.sandbox.error-statuses}. A code the table does not know answers 400.
 */
@Component
public class TossErrors {

    private record Entry(int status, String message) {}

    private static final Map<String, Entry> BUILT_IN = Map.ofEntries(
            Map.entry("ALREADY_PROCESSED_PAYMENT", new Entry(400, "이미 처리된 결제 입니다.")),
            Map.entry("PROVIDER_ERROR", new Entry(400, "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.")),
            Map.entry("INVALID_REQUEST", new Entry(400, "잘못된 요청입니다.")),
            Map.entry("INVALID_API_KEY", new Entry(400, "잘못된 시크릿키 연동 정보 입니다.")),
            Map.entry("INVALID_REJECT_CARD", new Entry(400, "카드 사용이 거절되었습니다. 카드사 문의가 필요합니다.")),
            Map.entry("INVALID_CARD_EXPIRATION", new Entry(400, "카드 정보를 다시 확인해주세요. (유효기간)")),
            Map.entry("INVALID_STOPPED_CARD", new Entry(400, "정지된 카드 입니다.")),
            Map.entry("EXCEED_MAX_AMOUNT", new Entry(400, "거래금액 한도를 초과했습니다.")),
            Map.entry("BELOW_MINIMUM_AMOUNT", new Entry(400, "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.")),
            Map.entry(
                    "INVALID_ORDER_ID",
                    new Entry(400, "orderId는 영문 대소문자, 숫자, 특수문자(-, _) 만 허용합니다. 6자 이상 64자 이하여야 합니다.")),
            Map.entry("INVALID_ORDER_NAME", new Entry(400, "주문명은 100자 이하여야 합니다.")),
            Map.entry("DUPLICATED_ORDER_ID", new Entry(400, "이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.")),
            Map.entry("INVALID_IDEMPOTENCY_KEY", new Entry(400, "멱등키는 300자 이하여야 합니다.")),
            Map.entry("ALREADY_CANCELED_PAYMENT", new Entry(400, "이미 취소된 결제 입니다.")),
            Map.entry("NOT_MATCHES_REFUNDABLE_AMOUNT", new Entry(400, "잔액 결과가 일치하지 않습니다.")),
            Map.entry("INVALID_REFUND_ACCOUNT_INFO", new Entry(400, "환불 계좌번호와 예금주명이 일치하지 않습니다.")),
            Map.entry("UNAUTHORIZED_KEY", new Entry(401, "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.")),
            Map.entry("FORBIDDEN_REQUEST", new Entry(403, "허용되지 않은 요청입니다.")),
            Map.entry("REJECT_CARD_COMPANY", new Entry(403, "결제 승인이 거절되었습니다.")),
            Map.entry("REJECT_ACCOUNT_PAYMENT", new Entry(403, "잔액부족으로 결제에 실패했습니다.")),
            Map.entry("REJECT_CARD_PAYMENT", new Entry(403, "한도초과 혹은 잔액부족으로 결제에 실패했습니다.")),
            Map.entry("EXCEED_MAX_AUTH_COUNT", new Entry(403, "최대 인증 횟수를 초과했습니다. 카드사로 문의해주세요.")),
            Map.entry("FORBIDDEN_CONSECUTIVE_REQUEST", new Entry(403, "반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.")),
            Map.entry("NOT_CANCELABLE_AMOUNT", new Entry(403, "취소 할 수 없는 금액 입니다.")),
            Map.entry("NOT_CANCELABLE_PAYMENT", new Entry(403, "취소 할 수 없는 결제 입니다.")),
            Map.entry("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT", new Entry(403, "입금 대기중인 결제는 부분 환불이 불가합니다.")),
            Map.entry("NOT_FOUND_PAYMENT", new Entry(404, "존재하지 않는 결제 정보 입니다.")),
            Map.entry("NOT_FOUND_PAYMENT_SESSION", new Entry(404, "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.")),
            Map.entry("NOT_FOUND", new Entry(404, "존재하지 않는 정보 입니다.")),
            Map.entry("IDEMPOTENT_REQUEST_PROCESSING", new Entry(409, "이전 멱등 요청이 처리중입니다.")),
            Map.entry("TOO_MANY_REQUESTS", new Entry(429, "요청량이 너무 많습니다. 잠시 후 다시 시도해주세요.")),
            Map.entry("FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING", new Entry(500, "결제가 완료되지 않았어요. 다시 시도해주세요.")),
            Map.entry("FAILED_REFUND_PROCESS", new Entry(500, "은행 응답시간 지연이나 일시적인 오류로 환불요청에 실패했습니다.")),
            Map.entry("FAILED_INTERNAL_SYSTEM_PROCESSING", new Entry(500, "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.")),
            Map.entry("COMMON_ERROR", new Entry(500, "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.")),
            Map.entry("UNKNOWN_ERROR", new Entry(500, "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.")),
            // failUrl codes of the payment window; they never come from the API, but test codes may name them
            Map.entry("PAY_PROCESS_CANCELED", new Entry(400, "사용자에 의해 결제가 취소되었습니다.")),
            Map.entry("PAY_PROCESS_ABORTED", new Entry(400, "결제 진행 중 승인에 실패하여 결제가 중단되었습니다.")),
            Map.entry("EXPIRED_PAYMENT", new Entry(400, "결제가 만료되었습니다. 다시 시도해주세요.")),
            // the SDK's refusal of a method it does not know
            Map.entry("NOT_SUPPORTED_METHOD", new Entry(400, "지원되지 않는 결제수단입니다.")),
            // the sandbox's own, for deposits made through the console or the automation API (Toss has no such API)
            Map.entry("NOT_VIRTUAL_ACCOUNT", new Entry(400, "가상계좌 결제가 아닙니다.")),
            Map.entry("NOT_WAITING_FOR_DEPOSIT", new Entry(403, "입금 대기중인 가상계좌가 아닙니다. 입금이 반환됩니다.")),
            Map.entry("VIRTUAL_ACCOUNT_EXPIRED", new Entry(403, "입금 기한이 지난 가상계좌입니다. 입금이 반환됩니다.")),
            Map.entry("NOT_DEPOSITED", new Entry(403, "입금된 가상계좌가 아닙니다.")));

    private final Map<String, Entry> table;

    public TossErrors(SandboxProperties properties) {
        Map<String, Entry> merged = new HashMap<>(BUILT_IN);
        properties.errorStatuses().forEach((code, status) -> merged.put(code, new Entry(status, message(code))));
        this.table = Map.copyOf(merged);
    }

    /** The error {@code code} as Toss answers it. */
    public TossException of(String code) {
        return new TossException(status(code), code, message(code));
    }

    /** The error {@code code} with a more specific message. */
    public TossException of(String code, String message) {
        return new TossException(status(code), code, message);
    }

    public int status(String code) {
        Entry entry = table.get(code);
        return entry == null ? 400 : entry.status();
    }

    public static String message(String code) {
        Entry entry = BUILT_IN.get(code);
        return entry == null ? "테스트 에러 코드 " + code + " 입니다." : entry.message();
    }

    /** Whether the code is one the table knows (built in or configured). */
    public boolean knows(String code) {
        return table.containsKey(code);
    }
}
