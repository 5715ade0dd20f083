// Polls the order's status and timeline with its token until it is terminal, and shows the steps reached
// (PREPAY → IN_PROGRESS → SUCCESS → COMPLETE, or the FAIL/CANCEL end with its reason) and every event the worker read.
// Values come from the page's data attributes and the edge's JSON and are only ever written with textContent, so
// nothing the URL or an event carries can become markup or script.
(function () {
  'use strict';
  var root = document.getElementById('result');
  var statusEl = document.getElementById('status');
  var statusTextEl = document.getElementById('status-text');
  var detailEl = document.getElementById('detail');
  var endStepEl = document.getElementById('end-step');
  var timelineBody = document.querySelector('#timeline tbody');
  var orderId = root.dataset.orderId;
  var token = root.dataset.token;
  var base = '../../api/v1/orders/' + encodeURIComponent(orderId);
  var query = '?token=' + encodeURIComponent(token);
  var TERMINAL = { COMPLETE: 'Payment complete', FAIL: 'Payment failed', CANCEL: 'Payment cancelled' };
  var PENDING = {
    PREPAY: 'Waiting for the payment',
    IN_PROGRESS: 'Payment in progress',
    SUCCESS: 'Payment authorised, confirming with the payment gateway'
  };
  var delayMs = 1000;
  var attempts = 0;

  function show(text, detail) {
    statusTextEl.textContent = text;
    detailEl.textContent = detail || '';
    detailEl.hidden = !detail;
  }

  // null when the edge answers 404: the worker has not recorded the order yet
  function read(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (response.status === 404) {
          return null;
        }
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      });
  }

  function showSteps(order, timeline) {
    var reached = {};
    reached[order.status] = true;
    timeline.forEach(function (entry) {
      reached[entry.status] = true;
    });
    document.querySelectorAll('#steps li[data-step]').forEach(function (step) {
      if (reached[step.dataset.step]) {
        step.dataset.reached = 'true';
      }
      if (step.dataset.step === order.status) {
        step.dataset.current = 'true';
      } else {
        delete step.dataset.current;
      }
    });
    if (order.status === 'FAIL' || order.status === 'CANCEL') {
      endStepEl.dataset.step = order.status;
      endStepEl.dataset.reached = 'true';
      endStepEl.dataset.current = 'true';
      endStepEl.textContent = order.status + (order.reason ? ' (' + order.reason + ')' : '');
      endStepEl.hidden = false;
    }
  }

  function showTimeline(timeline) {
    var rows = timeline.map(function (entry) {
      var row = document.createElement('tr');
      [entry.type, entry.result, entry.reason || '', entry.status, entry.at].forEach(function (value) {
        var cell = document.createElement('td');
        cell.textContent = value == null ? '' : String(value);
        row.appendChild(cell);
      });
      return row;
    });
    timelineBody.replaceChildren.apply(timelineBody, rows);
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
    read(base + query)
      .then(function (order) {
        if (order === null) {
          show('Waiting for the order to be recorded');
          later();
          return;
        }
        return read(base + '/events' + query).then(function (timeline) {
          timeline = timeline || [];
          statusEl.textContent = order.status;
          statusEl.dataset.status = order.status;
          showSteps(order, timeline);
          showTimeline(timeline);
          if (TERMINAL[order.status]) {
            show(TERMINAL[order.status], order.reason ? 'Reason: ' + order.reason : '');
            statusEl.dataset.terminal = 'true';
          } else {
            show(PENDING[order.status] || order.status);
            later();
          }
        });
      })
      .catch(function () {
        show('Reconnecting');
        later();
      });
  }

  poll();
})();
