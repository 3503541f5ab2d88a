// After a new version is put on the server, a browser may keep the workers' files of the old
// one in its cache (their names carry no build hash). A worker of another build must be found
// out, not misread: the page fetches the workers' files again past the cache, reloads itself
// once, and says what happened if that did not help.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Dashboard } from './dashboard.mjs';
import { TEST_TIMEOUT_MS, launch, shutdown, withPage } from './harness.mjs';

describe('a worker from another build', { timeout: TEST_TIMEOUT_MS }, () => {
  before(launch);
  after(shutdown);

  test('is found out: the page reloads past the cache once, then says so', async (t) => {
    await withPage(t, async ({ page, context, requests }) => {
      // The engine as an older build would answer: another build's name, then bytes.
      await context.route('**/engine_loader.js', (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: 'postMessage("0123456789abcdef"); postMessage(new Uint8Array([0]));',
        }),
      );
      let loads = 0;
      page.on('load', () => loads++);
      const d = await Dashboard.open(page, '', { expectError: true });
      await page.waitForTimeout(1000);
      await d.waitForError();
      const error = await page.locator('[data-testid="load-error"]').textContent();
      assert.match(error, /Ctrl\+F5/, error);
      assert.equal(loads, 2, 'reloaded once, not in a loop');
      for (const file of ['engine_bg.wasm', 'mapper_bg.wasm', 'exporter_bg.wasm']) {
        assert.ok(requests.some((u) => u.endsWith(`/${file}`)), `${file} fetched again`);
      }
    });
  });
});
