// What a resident meets when sending does not simply work: the city refuses the request,
// the city may have it but cannot say, the BFF is still checking, or the tries run out.
// The phone never retries what cannot pass, never says "retrying" without end, and always
// says in plain words what happened and what to do, with the draft kept. The BFF's answers
// are the real contract's codes (the fault matrix in bff/tests/api/fault_matrix.rs makes
// them for real behind a real BFF; here the browser's side of them is walked).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchBrowser, openPage, sandboxUrl } from '../lib/browser.mjs';
import { message } from '../lib/locales.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

const zh = (key) => message('zh-CN', key);

async function sandboxCases() {
  const response = await fetch(new URL('requests.json', sandboxUrl));
  assert.equal(response.status, 200);
  return response.json();
}

async function noViolations(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: no axe violations`);
}

async function heading(page, name) {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  return h1;
}

async function continueOn(page) {
  await page.getByRole('button', { name: zh('file-continue') }).click();
}

/** A suggestion, answered up to the check page, anonymous and without photos. */
async function fillSuggestion(page, description) {
  await page.goto('/services/city-development');
  await heading(page, '城市建设建议');
  await page.getByRole('link', { name: zh('service-start') }).click();
  await heading(page, '建议领域');
  await page.getByRole('group', { name: '建议领域' }).getByRole('radio', { name: '无障碍环境' }).check();
  await continueOn(page);
  await heading(page, /预期效果/);
  await page.getByRole('textbox', { name: /预期效果/ }).fill('方便轮椅出行');
  await continueOn(page);
  await page.getByRole('textbox', { name: zh('file-description-heading') }).fill(description);
  await continueOn(page);
  await page.getByRole('textbox', { name: zh('file-address-label') }).fill('人民路地铁站');
  await continueOn(page);
  await continueOn(page); // no photos
  await continueOn(page); // anonymous
  await page.getByRole('checkbox', { name: zh('file-privacy-agree') }).check();
  await continueOn(page);
  await heading(page, zh('file-check-heading'));
}

/** Answers every `POST /api/requests` with `answer(n)` (a BFF answer), or passes it on. */
async function answerFiling(page, answer) {
  const keys = [];
  await page.route('**/api/requests', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    const reply = answer(keys.length);
    if (reply) await route.fulfill({ status: reply.status, contentType: 'application/json', body: JSON.stringify(reply.body) });
    else await route.continue();
  });
  return keys;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the suggestion's draft (drafts are kept one per service) is still on the phone. */
async function draftKept(page) {
  return page.evaluate(() => 'city-development' in JSON.parse(localStorage.getItem('huiyin.drafts') || '{}'));
}

describe('when sending does not simply work', () => {
  test('the city refuses the request: the phone stops at once, says why, and takes the resident back to the answers', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await fillSuggestion(page, '建议在人民路地铁站加装无障碍电梯（被拒）');
      const keys = await answerFiling(page, () => ({ status: 422, body: { code: 'upstream_rejected' } }));
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-refused-title'));
      const main = page.getByRole('main');
      await main.getByText(zh('error-upstream_rejected')).waitFor();
      await main.getByText(zh('sending-refused-body')).waitFor();
      await noViolations(page, 'refused by the city');
      await pause(3000);
      assert.equal(keys.length, 1, 'a refusal is not sent again');
      assert.ok(await draftKept(page), 'the draft is kept');
      await main.getByRole('link', { name: zh('sending-check-answers') }).click();
      await heading(page, zh('file-check-heading'));
    } finally {
      await context.close();
    }
  });

  test('the city may have it and cannot say: the phone sends the resident to 12345 and never sends it again', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await fillSuggestion(page, '建议在人民路地铁站加装无障碍电梯（待核实）');
      const before = (await sandboxCases()).length;
      const keys = await answerFiling(page, () => ({ status: 502, body: { code: 'submission_unverifiable' } }));
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-refused-title'));
      const main = page.getByRole('main');
      await main.getByText(zh('error-submission_unverifiable')).waitFor();
      await main.getByText(zh('sending-refused-call')).waitFor();
      assert.equal(await main.getByRole('link', { name: zh('sending-check-answers') }).count(), 0,
        'changing the answers is not what helps here');
      await noViolations(page, 'cannot be checked');
      await pause(3000);
      assert.equal(keys.length, 1, 'never sent again');
      assert.ok(await draftKept(page), 'the draft is kept');
      assert.equal((await sandboxCases()).length, before, 'nothing filed');
    } finally {
      await context.close();
    }
  });

  test('while the BFF checks whether the city has it, the phone waits as told and then shows the receipt once', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await fillSuggestion(page, '建议在人民路地铁站加装无障碍电梯（核实中）');
      const before = (await sandboxCases()).length;
      const keys = await answerFiling(page, (n) =>
        n <= 2 ? { status: 503, body: { code: 'submission_unconfirmed', retry_after_secs: 1 } } : null);
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-waiting-title'));
      await page.getByRole('main').getByText(zh('error-submission_unconfirmed'), { exact: false }).waitFor();
      await noViolations(page, 'checking with the city');
      await heading(page, zh('receipt-title'));
      assert.equal(keys.length, 3, 'two waits, then the answer');
      assert.ok(keys.every((key) => key === keys[0]), 'one idempotency key throughout');
      assert.equal((await sandboxCases()).length, before + 1, 'exactly one case');
    } finally {
      await context.close();
    }
  });

  test('when the tries run out, the phone stops and says what to do, never "retrying" without end', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await fillSuggestion(page, '建议在人民路地铁站加装无障碍电梯（一直失败）');
      let down = true;
      const keys = await answerFiling(page, () =>
        down ? { status: 503, body: { code: 'upstream_unavailable', retry_after_secs: 1 } } : null);
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-stopped-title'));
      const main = page.getByRole('main');
      await main.getByText(zh('sending-stopped-body')).waitFor();
      await noViolations(page, 'stopped trying');
      const tries = keys.length;
      assert.ok(tries >= 2 && tries <= 10, `a bounded number of tries (${tries})`);
      await pause(3000);
      assert.equal(keys.length, tries, 'no more tries until asked');
      down = false;
      await main.getByRole('button', { name: zh('sending-retry') }).click();
      await heading(page, zh('receipt-title'));
      assert.ok(keys.every((key) => key === keys[0]), 'one idempotency key throughout');
    } finally {
      await context.close();
    }
  });
});
