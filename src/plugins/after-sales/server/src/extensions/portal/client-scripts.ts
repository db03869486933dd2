/**
 * The portal's own browser scripts, served as files from `/after-sales/portal/assets/` (CSP
 * `script-src 'self'`): plain ES5-level JavaScript, no build step, no framework. Each page works
 * without them except for what they alone can do (the CAPTCHA's work, live suggestions).
 */

/**
 * The feedback form's script: gives the altcha widget its proof-of-work worker (the strict-CSP build
 * of altcha brings none, and the worker must be a same-origin file), and shows knowledge-base
 * articles matching the symptom while the customer types it (the public KB search, same origin).
 */
export const FEEDBACK_FORM_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('feedback-form');
  if (!form) return;
  var assets = form.getAttribute('data-assets');
  var altcha = window.$altcha;
  if (altcha && altcha.algorithms) {
    var worker = function () { return new Worker(assets + '/altcha-pbkdf2.js'); };
    ['PBKDF2/SHA-256', 'PBKDF2/SHA-384', 'PBKDF2/SHA-512'].forEach(function (name) { altcha.algorithms.set(name, worker); });
  }
  var box = document.getElementById('kb-suggest');
  var input = document.getElementById('f-symptom');
  if (!box || !input || !window.fetch) return;
  var lang = form.getAttribute('data-lang') || 'zh-Hans';
  var help = form.getAttribute('data-help');
  var target = form.getAttribute('data-target');
  var timer = null;
  var last = '';
  var pending = null;
  var clear = function () { while (box.firstChild) box.removeChild(box.firstChild); };
  var show = function (hits) {
    clear();
    if (!hits.length) { box.hidden = true; return; }
    var title = document.createElement('p');
    title.textContent = box.getAttribute('data-title');
    box.appendChild(title);
    var list = document.createElement('ul');
    list.className = 'articles';
    hits.forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = help + '/' + encodeURIComponent(hit.slug) + '?lang=' + encodeURIComponent(lang);
      link.textContent = hit.title;
      if (target) { link.target = target; link.rel = 'noopener'; }
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
  };
  var suggest = function () {
    var words = input.value.replace(/\\s+/g, ' ').trim().slice(0, 200);
    if (words.length < 2) { last = ''; clear(); box.hidden = true; return; }
    if (words === last) return;
    last = words;
    if (pending && pending.abort) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    fetch('/api/after-sales/kb/search?limit=3&locale=' + encodeURIComponent(lang) + '&q=' + encodeURIComponent(words), { credentials: 'omit', signal: pending ? pending.signal : undefined })
      .then(function (res) { return res.ok ? res.json() : { data: [] }; })
      .then(function (body) { if (words === last) show((body && body.data) || []); })
      .catch(function () { /* offline or aborted: no suggestions */ });
  };
  input.addEventListener('input', function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(suggest, 350);
  });
})();
`;

/**
 * The embeddable widget (`/after-sales/portal/widget.js`): the one `<script>` tag an external site
 * adds. It opens our feedback form (`/after-sales/portal/feedback?embed=1`) in an iframe, either in
 * a panel behind a floating button (default) or in place of the tag (`data-mode="inline"`). Options
 * as `data-` attributes of the tag: `data-lang` (`zh-Hans` or `en`; else the visitor's browser
 * decides), `data-label` (the button's text), `data-height` (inline mode). The form itself, its
 * CAPTCHA and its answer stay on our origin; only AFTER_SALES_WIDGET_ORIGINS may frame it.
 * Styles are set through the DOM (no stylesheet, no inline <style>), so a host page's CSP needs
 * only `script-src` and `frame-src` for our origin.
 */
export const WIDGET_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__afterSalesWidget) return;
  window.__afterSalesWidget = true;
  var origin = new URL(script.src, window.location.href).origin;
  var lang = script.getAttribute('data-lang');
  var english = lang === 'en' || (!lang && /^en\\b/i.test(navigator.language || ''));
  var label = script.getAttribute('data-label') || (english ? 'Feedback' : '\\u95ee\\u9898\\u53cd\\u9988');
  var closeLabel = english ? 'Close' : '\\u5173\\u95ed';
  var src = origin + '/after-sales/portal/feedback?embed=1' + (lang === 'en' || lang === 'zh-Hans' ? '&lang=' + lang : '');
  var style = function (element, rules) { for (var key in rules) element.style[key] = rules[key]; return element; };
  var frame = style(document.createElement('iframe'), { border: '0', width: '100%', display: 'block', background: '#fff' });
  frame.title = label;
  frame.setAttribute('data-after-sales-widget', 'form');
  if (script.getAttribute('data-mode') === 'inline') {
    frame.src = src;
    frame.style.height = script.getAttribute('data-height') || '1100px';
    script.parentNode.insertBefore(frame, script.nextSibling);
    return;
  }
  var mount = function () {
    var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;
    var panel = style(document.createElement('div'), narrow
      ? { position: 'fixed', inset: '0', zIndex: '2147483000', background: '#fff', display: 'none', flexDirection: 'column' }
      : { position: 'fixed', right: '16px', bottom: '80px', width: '420px', height: 'min(720px, calc(100vh - 100px))', zIndex: '2147483000', background: '#fff', borderRadius: '12px', boxShadow: '0 8px 32px rgba(0,0,0,.25)', overflow: 'hidden', display: 'none', flexDirection: 'column' });
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', label);
    panel.setAttribute('data-after-sales-widget', 'panel');
    var bar = style(document.createElement('div'), { display: 'flex', justifyContent: 'flex-end', padding: '4px', borderBottom: '1px solid #d8dde3', flex: '0 0 auto' });
    var close = style(document.createElement('button'), { font: 'inherit', fontSize: '16px', minWidth: '44px', minHeight: '44px', border: '0', background: 'transparent', cursor: 'pointer', color: '#1f2328' });
    close.type = 'button';
    close.textContent = '\\u00d7';
    close.setAttribute('aria-label', closeLabel);
    bar.appendChild(close);
    style(frame, { flex: '1 1 auto', height: 'auto' });
    panel.appendChild(bar);
    panel.appendChild(frame);
    var button = style(document.createElement('button'), { position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483000', font: '600 16px system-ui, sans-serif', padding: '12px 20px', minHeight: '48px', border: '0', borderRadius: '24px', background: script.getAttribute('data-color') || '#1d4ed8', color: '#fff', cursor: 'pointer', boxShadow: '0 4px 16px rgba(0,0,0,.2)' });
    button.type = 'button';
    button.textContent = label;
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('data-after-sales-widget', 'button');
    var toggle = function (open) {
      if (open && !frame.src) frame.src = src;
      panel.style.display = open ? 'flex' : 'none';
      // On a phone the panel takes the whole screen: the button would cover the form's own buttons.
      if (narrow) button.style.display = open ? 'none' : '';
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) close.focus(); else button.focus();
    };
    button.addEventListener('click', function () { toggle(panel.style.display === 'none'); });
    close.addEventListener('click', function () { toggle(false); });
    panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') toggle(false); });
    document.body.appendChild(panel);
    document.body.appendChild(button);
  };
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
`;
