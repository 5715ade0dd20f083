package dev.payments.worker.pg.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.VirtualAccount;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Toss's Payment object of every method, as Toss writes it (pg-reference.md "Payment methods", "Virtual accounts"),
 * read into {@link TossPayment}: nothing card-specific is required, and a virtual account's account and secret are
 * read.
 */
class TossPaymentTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private static final String VIRTUAL_ACCOUNT_WAITING = """
            {"mId":"tosspayments","lastTransactionKey":"B7103F204998813B889C77C043D09502","paymentKey":"tgen_20240213121757MvuS8",
             "orderId":"order-va-0001","orderName":"토스 티셔츠 외 2건","taxExemptionAmount":0,"status":"WAITING_FOR_DEPOSIT",
             "requestedAt":"2024-02-13T12:17:57+09:00","approvedAt":null,"useEscrow":false,"cultureExpense":false,
             "card":null,
             "virtualAccount":{"accountType":"일반","accountNumber":"X6505636518308","bankCode":"20",
                               "customerName":"박토스","depositorName":null,"dueDate":"2024-02-20T23:59:59+09:00",
                               "refundStatus":"NONE","expired":false,"settlementStatus":"INCOMPLETED",
                               "refundReceiveAccount":null},
             "transfer":null,"mobilePhone":null,"giftCertificate":null,"cashReceipt":null,"cashReceipts":null,
             "discount":null,"cancels":null,"secret":"ps_Z1aOwX7K8mYQ2n0QvKPq8yQxzvNP","type":"NORMAL","easyPay":null,
             "country":"KR","failure":null,"isPartialCancelable":true,
             "receipt":{"url":"https://dashboard.tosspayments.com/receipt/redirection?transactionId=tvivarepublica"},
             "checkout":{"url":"https://api.tosspayments.com/v1/payments/tgen_20240213121757MvuS8/checkout"},
             "currency":"KRW","totalAmount":50000,"balanceAmount":50000,"suppliedAmount":45455,"vat":4545,
             "taxFreeAmount":0,"method":"가상계좌","version":"2022-11-16","metadata":null}""";

    private static final String EASY_PAY_DONE = """
            {"mId":"tosspayments","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6E","paymentKey":"tviva20240213121757",
             "orderId":"order-easy-0001","orderName":"토스 티셔츠 외 2건","taxExemptionAmount":0,"status":"DONE",
             "requestedAt":"2024-02-13T12:17:57+09:00","approvedAt":"2024-02-13T12:18:14+09:00","useEscrow":false,
             "cultureExpense":false,
             "card":{"issuerCode":"71","acquirerCode":"71","number":"12345678****000*","installmentPlanMonths":0,
                     "isInterestFree":false,"interestPayer":null,"approveNo":"00000000","useCardPoint":false,
                     "cardType":"신용","ownerType":"개인","acquireStatus":"READY","amount":14000},
             "virtualAccount":null,"transfer":null,"mobilePhone":null,"giftCertificate":null,"cashReceipt":null,
             "cashReceipts":null,"discount":null,"cancels":null,"secret":null,"type":"NORMAL",
             "easyPay":{"provider":"토스페이","amount":0,"discountAmount":1000},
             "country":"KR","failure":null,"isPartialCancelable":true,
             "receipt":{"url":"https://dashboard.tosspayments.com/receipt/redirection?transactionId=tviva20240213"},
             "checkout":{"url":"https://api.tosspayments.com/v1/payments/tviva20240213121757/checkout"},
             "currency":"KRW","totalAmount":15000,"balanceAmount":15000,"suppliedAmount":13636,"vat":1364,
             "taxFreeAmount":0,"method":"간편결제","version":"2022-11-16","metadata":null}""";

    private static final String TRANSFER_DONE = """
            {"mId":"tosspayments","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6F","paymentKey":"tviva20240213130000",
             "orderId":"order-transfer-0001","orderName":"토스 티셔츠 외 2건","status":"DONE",
             "requestedAt":"2024-02-13T13:00:00+09:00","approvedAt":"2024-02-13T13:00:31+09:00","useEscrow":false,
             "card":null,"virtualAccount":null,"transfer":{"bankCode":"88","settlementStatus":"INCOMPLETED"},
             "mobilePhone":null,"giftCertificate":null,"cashReceipt":null,"cashReceipts":null,"discount":null,
             "cancels":null,"secret":null,"type":"NORMAL","easyPay":null,"country":"KR","failure":null,
             "isPartialCancelable":true,"currency":"KRW","totalAmount":15000,"balanceAmount":15000,
             "suppliedAmount":13636,"vat":1364,"taxFreeAmount":0,"method":"계좌이체","version":"2022-11-16"}""";

    private static final String MOBILE_PHONE_DONE = """
            {"mId":"tosspayments","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC70","paymentKey":"tviva20240213140000",
             "orderId":"order-phone-0001","orderName":"토스 티셔츠 외 2건","status":"DONE",
             "requestedAt":"2024-02-13T14:00:00+09:00","approvedAt":"2024-02-13T14:00:22+09:00","useEscrow":false,
             "card":null,"virtualAccount":null,"transfer":null,
             "mobilePhone":{"customerMobilePhone":"01012345678","settlementStatus":"INCOMPLETED",
                            "receiptUrl":"https://dashboard.tosspayments.com/receipt/phone"},
             "giftCertificate":null,"cashReceipt":null,"cashReceipts":null,"discount":null,"cancels":null,
             "secret":null,"type":"NORMAL","easyPay":null,"country":"KR","failure":null,"isPartialCancelable":false,
             "currency":"KRW","totalAmount":15000,"balanceAmount":15000,"suppliedAmount":13636,"vat":1364,
             "taxFreeAmount":0,"method":"휴대폰","version":"2022-11-16"}""";

    private static final String CARD_DONE = """
            {"mId":"tosspayments","version":"2022-11-16","paymentKey":"2vUHmM-TPuS7Y7zlk9mWo","status":"DONE",
             "lastTransactionKey":"iMPstY_UrMFLmNgJ_On4R","orderId":"7b5YJQFPoOI2P1pzgQn_M","orderName":"토스 티셔츠 외 2건",
             "requestedAt":"2022-06-08T15:40:09+09:00","approvedAt":"2022-06-08T15:40:49+09:00","type":"NORMAL",
             "currency":"KRW","totalAmount":15000,"balanceAmount":15000,"suppliedAmount":13636,"vat":1364,"taxFreeAmount":0,
             "method":"카드","cancels":null,"secret":null,"failure":null,"country":"KR"}""";

    private TossPayment read(String body) {
        return json.readValue(body, TossPayment.class);
    }

    @Test
    void aVirtualAccountAwaitingItsDepositCarriesTheAccountItsDueDateAndTheSecret() {
        TossPayment payment = read(VIRTUAL_ACCOUNT_WAITING);

        assertThat(payment.paymentStatus()).isEqualTo(PgPaymentStatus.WAITING_FOR_DEPOSIT);
        assertThat(payment.method()).isEqualTo("가상계좌");
        assertThat(payment.approvedAt()).isNull();
        assertThat(payment.secret()).isEqualTo("ps_Z1aOwX7K8mYQ2n0QvKPq8yQxzvNP");
        assertThat(payment.totalAmount()).isEqualTo(50_000);
        TossPayment.VirtualAccount account = payment.virtualAccount();
        assertThat(account.accountType()).isEqualTo("일반");
        assertThat(account.refundStatus()).isEqualTo("NONE");
        assertThat(account.expired()).isFalse();
        assertThat(account.settlementStatus()).isEqualTo("INCOMPLETED");
        assertThat(payment.issuedAccount())
                .isEqualTo(new VirtualAccount(
                        "20", "X6505636518308", "박토스", OffsetDateTime.parse("2024-02-20T23:59:59+09:00")));
    }

    @Test
    void neitherTheSecretNorTheAccountNumberIsInAnyToString() {
        TossPayment payment = read(VIRTUAL_ACCOUNT_WAITING);

        assertThat(payment.toString())
                .contains("WAITING_FOR_DEPOSIT")
                .doesNotContain("ps_Z1aOwX7K8mYQ2n0QvKPq8yQxzvNP")
                .doesNotContain("X6505636518308");
        assertThat(payment.virtualAccount().toString()).doesNotContain("X6505636518308");
        assertThat(payment.issuedAccount().toString()).doesNotContain("X6505636518308");
    }

    @Test
    void aDueDateWithoutAnOffsetIsKoreanTimeAndAnUnreadableOneIsNoAccountToKeep() {
        TossPayment offsetLess =
                read(VIRTUAL_ACCOUNT_WAITING.replace("2024-02-20T23:59:59+09:00", "2024-02-20T23:59:59"));
        TossPayment unreadable = read(VIRTUAL_ACCOUNT_WAITING.replace("2024-02-20T23:59:59+09:00", "next tuesday"));

        assertThat(offsetLess.issuedAccount().dueDate()).isEqualTo(OffsetDateTime.parse("2024-02-20T23:59:59+09:00"));
        assertThat(unreadable.issuedAccount()).isNull();
    }

    @Test
    void aWaitingPaymentWithoutAnAccountNumberOrWithoutAVirtualAccountHasNoIssuedAccount() {
        TossPayment noNumber = read(VIRTUAL_ACCOUNT_WAITING.replace("\"X6505636518308\"", "null"));
        TossPayment none =
                read(VIRTUAL_ACCOUNT_WAITING.replaceAll("\"virtualAccount\":\\{[^}]*\\}", "\"virtualAccount\":null"));

        assertThat(noNumber.issuedAccount()).isNull();
        assertThat(none.virtualAccount()).isNull();
        assertThat(none.issuedAccount()).isNull();
        assertThat(none.secret()).isEqualTo("ps_Z1aOwX7K8mYQ2n0QvKPq8yQxzvNP");
    }

    @Test
    void easyPayIsApprovedLikeACardAndNamesItsProvider() {
        TossPayment payment = read(EASY_PAY_DONE);

        assertThat(payment.isDone()).isTrue();
        assertThat(payment.method()).isEqualTo("간편결제");
        assertThat(payment.easyPay()).isEqualTo(new TossPayment.EasyPay("토스페이", 0L, 1_000L));
        assertThat(payment.approvedAt()).isEqualTo(OffsetDateTime.parse("2024-02-13T12:18:14+09:00"));
        assertThat(payment.virtualAccount()).isNull();
        assertThat(payment.secret()).isNull();
    }

    @Test
    void aTransferAPhonePaymentAndACardAreReadWithTheirMethod() {
        assertThat(read(TRANSFER_DONE))
                .satisfies(payment -> assertThat(payment.isDone()).isTrue())
                .extracting(TossPayment::method, TossPayment::totalAmount)
                .containsExactly("계좌이체", 15_000L);
        assertThat(read(MOBILE_PHONE_DONE))
                .satisfies(payment -> assertThat(payment.isDone()).isTrue())
                .extracting(TossPayment::method, TossPayment::easyPay)
                .containsExactly("휴대폰", null);
        assertThat(read(CARD_DONE).method()).isEqualTo("카드");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\"", "\"  \""})
    void aMissingOrEmptyMethodIsNoMethod(String method) {
        TossPayment payment = read(CARD_DONE.replace("\"method\":\"카드\"", "\"method\":" + method));

        assertThat(payment.method()).isNull();
        assertThat(payment.isDone()).isTrue();
    }

    @Test
    void aPaymentWithoutAnyMethodObjectOrMethodFieldIsRead() {
        TossPayment payment = read("""
                {"paymentKey":"pk-1","orderId":"order-1","status":"DONE","totalAmount":1000}""");

        assertThat(payment.method()).isNull();
        assertThat(payment.cancels()).isEmpty();
        assertThat(payment.issuedAccount()).isNull();
    }

    @Test
    void aLookedUpStatusCarriesTheMethodAndTheBalanceNeverTheSecret() {
        PgStatus status = read(VIRTUAL_ACCOUNT_WAITING).asLookedUpStatusOf("order-va-0001");

        assertThat(status.verification()).isEqualTo(PgStatus.Verification.LOOKUP);
        assertThat(status.method()).isEqualTo("가상계좌");
        assertThat(status.balanceAmount()).isEqualTo(50_000);
        assertThat(status.status()).isEqualTo("WAITING_FOR_DEPOSIT");
        assertThat(status.secret()).isNull();
    }
}
