/*
 * pg-sandbox: the shape of Toss Payments' v1 payment-window SDK (https://js.tosspayments.com/v1/payment), for a shop
 * page pointed at the sandbox. TossPayments(clientKey).requestPayment(method, params) checks its arguments with the
 * sandbox (GET /sandbox/checkout/validate), then navigates to the sandbox's payment window (GET /sandbox/checkout),
 * as Toss's redirect mode does: the returned Promise stays pending while the page leaves, and is rejected with
 * {code, message} when an argument is refused.
 */
(function (global) {
  'use strict';

  var SCRIPT_PATH = '/js/v1/payment';
  // the sandbox this script was loaded from; the configured public URL when that cannot be told
  var BASE = (function () {
    var script = global.document && global.document.currentScript;
    var src = script && script.src ? script.src.split('?')[0].split('#')[0] : '';
    var at = src.lastIndexOf(SCRIPT_PATH);
    return at > 0 ? src.substring(0, at) : __SANDBOX_BASE__;
  })();
  var TEXT_FIELDS = ['orderId', 'orderName', 'customerName', 'customerEmail', 'successUrl', 'failUrl'];

  function TossPaymentsError(code, message) {
    this.name = 'TossPaymentsError';
    this.code = code;
    this.message = message;
  }
  TossPaymentsError.prototype = Object.create(Error.prototype);
  TossPaymentsError.prototype.constructor = TossPaymentsError;

  function query(clientKey, method, params) {
    var parts = [
      'clientKey=' + encodeURIComponent(clientKey),
      'method=' + encodeURIComponent(method),
      'amount=' + encodeURIComponent(String(params.amount))
    ];
    TEXT_FIELDS.forEach(function (field) {
      if (params[field] !== undefined && params[field] !== null) {
        parts.push(field + '=' + encodeURIComponent(params[field]));
      }
    });
    return parts.join('&');
  }

  /** The arguments a query string cannot carry faithfully: their types. The sandbox checks the values. */
  function typeError(clientKey, method, params) {
    if (typeof clientKey !== 'string') {
      return new TossPaymentsError('INVALID_CLIENT_KEY', '클라이언트 키가 올바르지 않습니다.');
    }
    if (typeof method !== 'string') {
      return new TossPaymentsError('NOT_SUPPORTED_METHOD', '지원되지 않는 결제수단입니다.');
    }
    if (params === null || typeof params !== 'object') {
      return new TossPaymentsError('INVALID_PARAMETERS', '결제 정보(params)가 필요합니다.');
    }
    if (typeof params.amount !== 'number' || !isFinite(params.amount) || Math.floor(params.amount) !== params.amount) {
      return new TossPaymentsError('INVALID_AMOUNT_VALUE', 'amount는 정수여야 합니다.');
    }
    for (var i = 0; i < TEXT_FIELDS.length; i++) {
      var value = params[TEXT_FIELDS[i]];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        return new TossPaymentsError('INVALID_PARAMETERS', TEXT_FIELDS[i] + '는 문자열이어야 합니다.');
      }
    }
    return null;
  }

  function TossPayments(clientKey) {
    return {
      requestPayment: function (method, params) {
        return new Promise(function (resolve, reject) {
          var refused = typeError(clientKey, method, params);
          if (refused) {
            reject(refused);
            return;
          }
          var request = query(clientKey, method, params);
          global.fetch(BASE + '/sandbox/checkout/validate?' + request, { credentials: 'omit', cache: 'no-store' })
            .then(function (response) {
              if (response.ok) {
                // redirect mode: the window replaces this page; the promise never settles
                global.location.assign(BASE + '/sandbox/checkout?' + request);
                return null;
              }
              return response.json().then(function (error) {
                reject(new TossPaymentsError(error.code, error.message));
              });
            })
            .catch(function () {
              reject(new TossPaymentsError('NETWORK_ERROR', '결제 서버에 연결할 수 없습니다.'));
            });
        });
      }
    };
  }

  global.TossPayments = TossPayments;
})(window);
