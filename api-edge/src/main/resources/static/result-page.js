// Polls the order and its timeline with its token and shows the buyer what was bought, the amount, the payment method
// and the status in plain words, the steps reached (PREPAY → IN_PROGRESS → SUCCESS → [AWAITING_DEPOSIT →] COMPLETE,
// or the FAIL/CANCEL end with its reason) and every event the worker read. While the order awaits a virtual account's
// deposit it shows the account, the amount and the deadline, and keeps polling until the deposit (COMPLETE) or the
// deadline (CANCEL, DEPOSIT_EXPIRED). Values come from the page's data attributes and the edge's JSON and are only ever
// written with textContent (or into attributes that are not markup), so nothing the URL or an event carries can become
// markup or script.
(function () {
  'use strict';
  var root = document.getElementById('result');
  var statusEl = document.getElementById('status');
  var statusTextEl = document.getElementById('status-text');
  var detailEl = document.getElementById('detail');
  var endStepEl = document.getElementById('end-step');
  var awaitingStepEl = document.querySelector('#steps li[data-step="AWAITING_DEPOSIT"]');
  var accountEl = document.getElementById('virtual-account');
  var timelineBody = document.querySelector('#timeline tbody');
  var orderId = root.dataset.orderId;
  var token = root.dataset.token;
  var base = '../../api/v1/orders/' + encodeURIComponent(orderId);
  var query = '?token=' + encodeURIComponent(token);

  var STATUS = {
    PREPAY: '결제 대기 중 (Waiting for the payment)',
    IN_PROGRESS: '결제 진행 중 (Payment in progress)',
    SUCCESS: '결제 승인 확인 중 (Payment authorised, confirming it with the payment company)',
    AWAITING_DEPOSIT: '입금 대기 중 (Waiting for your bank transfer)',
    COMPLETE: '결제 완료 (Payment complete)',
    FAIL: '결제 실패 (Payment failed)',
    CANCEL: '결제 취소 (Payment cancelled)'
  };
  var TERMINAL = { COMPLETE: true, FAIL: true, CANCEL: true };
  var REASON = {
    DEPOSIT_EXPIRED: '입금 기한이 지나 주문이 취소되었습니다. (The deposit deadline passed before the transfer arrived; '
      + 'the order was cancelled.)',
    EXPIRED: '결제 시간이 지나 주문이 취소되었습니다. (The order expired before it was paid.)',
    AMOUNT_MISMATCH: '결제된 금액이 주문 금액과 다릅니다. (The amount paid differs from the order\'s amount.)',
    PAY_PROCESS_CANCELED: '결제를 취소하셨습니다. (You cancelled the payment.)',
    PG_CANCELED: '결제가 결제 회사에서 취소되었습니다. (The payment was cancelled at the payment company.)',
    PAYMENT_KEY_MISMATCH: '결제 정보가 주문과 맞지 않습니다. (The payment does not match the order.)',
    TOKEN_MISMATCH: '결제 정보가 주문과 맞지 않습니다. (The payment does not match the order.)'
  };
  var METHOD = {
    '카드': '카드 (Card)',
    '가상계좌': '가상계좌 (Virtual account)',
    '간편결제': '간편결제 (Easy pay)',
    '계좌이체': '계좌이체 (Bank transfer)',
    '휴대폰': '휴대폰 (Mobile phone)',
    '문화상품권': '문화상품권 (Culture gift card)',
    '도서문화상품권': '도서문화상품권 (Book gift card)',
    '게임문화상품권': '게임문화상품권 (Game gift card)'
  };
  // Korean banks' codes as Toss names them (two digits); the code itself is always shown beside the name
  var BANK = {
    '02': 'KDB산업은행', '03': 'IBK기업은행', '04': 'KB국민은행', '06': 'KB국민은행', '07': 'Sh수협은행',
    '11': 'NH농협은행', '12': '단위농협', '20': '우리은행', '23': 'SC제일은행', '27': '씨티은행', '31': 'iM뱅크(대구은행)',
    '32': '부산은행', '34': '광주은행', '35': '제주은행', '37': '전북은행', '39': '경남은행', '45': '새마을금고',
    '48': '신협', '50': '저축은행', '54': 'HSBC', '64': '산림조합', '71': '우체국', '81': '하나은행', '88': '신한은행',
    '89': '케이뱅크', '90': '카카오뱅크', '92': '토스뱅크'
  };

  var MINUTE = 60 * 1000;
  var delayMs = 1000;
  var attempts = 0;
  var lastStatus = null;
  var awaitingSince = null;
  var dueAt = NaN;

  function setText(id, text) {
    document.getElementById(id).textContent = text == null ? '' : String(text);
  }

  function show(text, detail) {
    statusTextEl.textContent = text;
    detailEl.textContent = detail || '';
    detailEl.hidden = !detail;
  }

  function won(amount, currency) {
    if (typeof amount !== 'number') {
      return '';
    }
    try {
      return new Intl.NumberFormat('ko-KR').format(amount) + '원' + (currency && currency !== 'KRW' ? ' ' + currency : '');
    } catch (e) {
      return String(amount) + ' ' + (currency || 'KRW');
    }
  }

  function koreanTime(instant) {
    var date = new Date(instant);
    if (isNaN(date.getTime())) {
      return String(instant);
    }
    try {
      return new Intl.DateTimeFormat('ko-KR', {
        timeZone: 'Asia/Seoul', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit'
      }).format(date) + ' (KST)';
    } catch (e) {
      return date.toISOString();
    }
  }

  function reasonInWords(reason) {
    if (!reason) {
      return '';
    }
    return REASON[reason] || '사유 (Reason): ' + reason;
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

  function showSummary(order) {
    setText('order-name', order.orderName);
    setText('amount', won(order.amount, order.currency));
    setText('method', order.method ? (METHOD[order.method] || order.method) : '—');
  }

  function showAccount(order) {
    var account = order.virtualAccount;
    var awaiting = order.status === 'AWAITING_DEPOSIT' && account != null;
    accountEl.hidden = !awaiting;
    if (!awaiting) {
      return;
    }
    var code = account.bankCode == null ? '' : String(account.bankCode);
    setText('bank', BANK[code] ? BANK[code] + ' (' + code + ')' : '은행 코드 (bank code) ' + code);
    setText('account-number', account.accountNumber);
    setText('account-holder', account.customerName || '—');
    setText('deposit-amount', won(order.amount, order.currency));
    var due = document.getElementById('due-date');
    due.textContent = koreanTime(account.dueDate);
    due.setAttribute('datetime', String(account.dueDate));
    dueAt = Date.parse(account.dueDate);
  }

  function showSteps(order, timeline) {
    var reached = {};
    reached[order.status] = true;
    timeline.forEach(function (entry) {
      reached[entry.status] = true;
    });
    if (reached.AWAITING_DEPOSIT) {
      awaitingStepEl.hidden = false;
    }
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

  // A buyer may keep the page open for days while a transfer is pending: brisk polling for the first minutes and
  // around the deadline (the worker ends the order within a minute of it), slower in between.
  function awaitingDelay() {
    var now = Date.now();
    if (now - awaitingSince < 10 * MINUTE || !(dueAt - now > 2 * MINUTE)) {
      return 5000;
    }
    return 30000;
  }

  function later() {
    if (lastStatus === 'AWAITING_DEPOSIT') {
      setTimeout(poll, awaitingDelay());
      return;
    }
    attempts += 1;
    if (attempts > 120) {
      show('처리 중 (Still processing)', '이 페이지를 닫으셔도 됩니다. 결과는 쇼핑몰에 전달됩니다. '
        + '(You may close this page; the shop is told the result.)');
      return;
    }
    setTimeout(poll, delayMs);
    delayMs = Math.min(delayMs * 1.5, 5000);
  }

  function poll() {
    read(base + query)
      .then(function (order) {
        if (order === null) {
          show('주문 확인 중 (Waiting for the order to be recorded)');
          later();
          return;
        }
        return read(base + '/events' + query).then(function (timeline) {
          timeline = timeline || [];
          if (order.status === 'AWAITING_DEPOSIT' && awaitingSince === null) {
            awaitingSince = Date.now();
          }
          lastStatus = order.status;
          statusEl.textContent = order.status;
          statusEl.dataset.status = order.status;
          showSummary(order);
          showAccount(order);
          showSteps(order, timeline);
          showTimeline(timeline);
          show(STATUS[order.status] || order.status, TERMINAL[order.status] ? reasonInWords(order.reason) : '');
          if (TERMINAL[order.status]) {
            statusEl.dataset.terminal = 'true';
          } else {
            later();
          }
        });
      })
      .catch(function () {
        show('다시 연결 중 (Reconnecting)');
        later();
      });
  }

  poll();
})();
