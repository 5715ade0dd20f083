package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class QueryParametersTest {

    @Test
    void absentParameterHasNoValue() {
        assertThat(QueryParameters.singleValue(null)).isEmpty();
        assertThat(QueryParameters.singleValue(new String[0])).isEmpty();
    }

    @Test
    void equalDuplicatesCountAsOneValue() {
        assertThat(QueryParameters.singleValue(new String[] {"order-1"})).contains("order-1");
        assertThat(QueryParameters.singleValue(new String[] {"order-1", "order-1", "order-1"}))
                .contains("order-1");
    }

    @Test
    void differingDuplicatesAreRefused() {
        assertThatThrownBy(() -> QueryParameters.singleValue(new String[] {"order-1", "order-2"}))
                .isInstanceOf(QueryParameters.ConflictingValuesException.class);
        assertThatThrownBy(() -> QueryParameters.singleValue(new String[] {"order-1", ""}))
                .isInstanceOf(QueryParameters.ConflictingValuesException.class);
    }

    @Test
    void collectsEveryProblemAndNamesEachParameter() {
        var request = new MockHttpServletRequest();
        request.addParameter("orderId", "order-1", "order-2");
        request.addParameter("token", "t".repeat(13));
        request.addParameter("amount", "12a");
        var params = QueryParameters.of(request);

        assertThat(params.required("orderId", 64)).isNull();
        assertThat(params.required("token", 12)).isNull();
        assertThat(params.required("amount", Pattern.compile("^[0-9]+$").asMatchPredicate(), "must be an integer"))
                .isNull();
        assertThat(params.required("paymentKey", 200)).isNull();
        assertThat(params.optional("code", 100)).isNull();

        assertThatThrownBy(params::throwIfInvalid)
                .isInstanceOfSatisfying(RequestValidationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                new FieldProblem("orderId", "was given more than once with different values"),
                                new FieldProblem("token", "must be at most 12 characters"),
                                new FieldProblem("amount", "must be an integer"),
                                new FieldProblem("paymentKey", "is required")));
    }

    @Test
    void acceptsValidParametersIncludingEqualDuplicates() {
        var request = new MockHttpServletRequest();
        request.addParameter("orderId", "order-1", "order-1");
        request.addParameter("code", "");
        var params = QueryParameters.of(request);

        assertThat(params.required("orderId", 64)).isEqualTo("order-1");
        assertThat(params.optional("code", 100))
                .as("an empty value counts as absent")
                .isNull();
        params.throwIfInvalid();
        assertThat(params.hasProblem("orderId")).isFalse();
    }
}
