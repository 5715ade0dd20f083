// Polls the order's status with its token until it is terminal. Values come from the page's data attributes and
// are only ever written with textContent, so nothing the URL carries can become markup or script.
(function () {
  'use strict';
  var root = document.getElementById('result');
  var statusEl = document.getElementById('status');
  var detailEl = document.getElementById('detail');
  var orderId = root.dataset.orderId;
  var token = root.dataset.token;
  var TERMINAL = { COMPLETE: 'Payment complete', FAIL: 'Payment failed', CANCEL: 'Payment cancelled' };
  var PENDING = {
    PREPAY: 'Waiting for the payment',
    IN_PROGRESS: 'Payment in progress',
    SUCCESS: 'Payment authorised, confirming with the payment gateway'
  };
  var delayMs = 1000;
  var attempts = 0;

  function show(text, detail) {
    statusEl.textContent = text;
    detailEl.textContent = detail || '';
    detailEl.hidden = !detail;
  }

  function later() {
    attempts += 1;
    if (attempts > 120) {
      show('Still processing', 'You may close this page; the shop is told the result.');
      return;
    }
    setTimeout(poll, delayMs);
    delayMs = Math.min(delayMs * 1.5, 5000);
  }

  function poll() {
    var url = '../../api/v1/orders/' + encodeURIComponent(orderId) + '?token=' + encodeURIComponent(token);
    fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (response.status === 404) {
          return null; // the worker has not recorded the order yet
        }
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (order) {
        if (order === null) {
          show('Waiting for the order to be recorded');
          later();
        } else if (TERMINAL[order.status]) {
          show(TERMINAL[order.status], order.reason ? 'Reason: ' + order.reason : '');
        } else {
          show(PENDING[order.status] || order.status);
          later();
        }
      })
      .catch(function () {
        show('Reconnecting');
        later();
      });
  }

  poll();
})();
