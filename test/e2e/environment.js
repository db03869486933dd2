/**
 * The browser tests' jest environment: when a test fails, it says what each page the test opened
 * through `login` (test/e2e/browser.ts) showed at that moment — its address, its visible text, the
 * admin's uncaught errors, the requests that failed or answered 4xx/5xx and those still unanswered — and saves a
 * screenshot of it (test/e2e/artifacts/failed-…png). A timeout alone ("waiting for getByText…")
 * does not say whether the screen was loading, refused or showing an error; CI's log keeps this.
 */
const fs = require('node:fs');
const path = require('node:path');
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

const ARTIFACTS = path.join(__dirname, 'artifacts');

class BrowserTestEnvironment extends NodeEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure') return;
    const pages = this.global.__e2ePages ?? [];
    const name = event.test.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    for (const [index, entry] of pages.entries()) {
      if (entry.page.isClosed()) continue;
      const lines = [`[failure] ${event.test.name} · page ${index + 1} (${entry.email}): ${entry.page.url()}`];
      try {
        const text = await entry.page.evaluate("document.body ? document.body.innerText : ''");
        lines.push(`[failure] visible text: ${text.replace(/\s+/g, ' ').slice(0, 1500)}`);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await entry.page.screenshot({ path: path.join(ARTIFACTS, `failed-${name}-${index + 1}.png`), timeout: 10000 });
      } catch (error) {
        lines.push(`[failure] the page could not be read: ${error.message}`);
      }
      for (const line of entry.events.slice(-20)) lines.push(`[failure] ${line}`);
      for (const [request, since] of entry.pending) lines.push(`[failure] still waiting since ${since}: ${request.method()} ${request.url()}`);
      console.log(lines.join('\n'));
    }
  }
}

module.exports = BrowserTestEnvironment;
