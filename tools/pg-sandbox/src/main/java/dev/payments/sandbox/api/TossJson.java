package dev.payments.sandbox.api;

import dev.payments.sandbox.payment.TossException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes Toss answers: Payment objects, lists and {@code {"code","message"}} errors. */
@Component
class TossJson {

    private final JsonMapper json;

    TossJson(JsonMapper json) {
        this.json = json;
    }

    /** {@code 200} with {@code body} (a Payment object, a list of rows). */
    ApiResponse ok(Object body) {
        return new ApiResponse(200, json.writeValueAsBytes(body));
    }

    ApiResponse error(TossException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    ApiResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return new ApiResponse(status, json.writeValueAsBytes(body));
    }
}
