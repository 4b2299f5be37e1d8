// Issue 14 items 8 and 9 in headless Chromium: explanations short, full or
// off (remembered); EHLO keyword lines, encrypted records and IMAP
// capability lists folded into one expandable item each; references quiet
// until hovered; a legend and a direction on every row; the first screen at
// 1024x768 is the conversation; on a phone the message view follows the
// card that opened it; the error page's way back; a header-only IMAP FETCH
// shown as a header. Then the "Done when" walk for every built-in sample:
// the password, its packets, its bytes in the hex dump and the Wireshark
// filter, with screenshots at 1024x768, 1400x1000 and 390x844.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, openApp, fileFor, shots, root, corpus, needsCorpus } from './harness.mjs';

const samples = JSON.parse(readFileSync(join(root, 'assets', 'samples', 'samples.json'), 'utf8'));
const index = (file) => samples.findIndex((s) => s.file === file);
const SIZES = [[1024, 768], [1400, 1000], [390, 844]];

async function withApp(viewport, fn) {
  const env = await start(undefined, { viewport: { width: viewport[0], height: viewport[1] } });
  try {
    const { page, errors } = await openApp(env);
    await page.waitForSelector('#transcript .line');
    await fn(page);
    assert.deepEqual(errors, []);
  } finally { await env.stop(); }
}

async function openSample(page, file) {
  await page.selectOption('#sample-select', String(index(file)));
  await page.waitForSelector(`#capture-summary h2:has-text("${samples[index(file)].title}")`);
  await page.waitForSelector('#transcript .item');
}

/** The SYN row (RFC 9293 §3.5) of the transcript. */
const syn = '#transcript .tcp:has(.badge:text-is("TCP SYN"))';

test('the density switch: short, full or off, and the choice is remembered', async () => {
  await withApp([1400, 1000], async (page) => {
    // Short first: the catalogue's first sentence, whole (RFC 9293 §3.5: the SYN opens the connection), and a way to the rest.
    assert.equal(await page.inputValue('#density-select'), 'short');
    const short = page.locator(`${syn} .explain`);
    assert.equal((await short.innerText()).replace(/\s*more$/, ''), 'SYN: the client asks to open a TCP connection to the server.');
    // Its reference is there, quiet: shown when the row is hovered.
    assert.equal(await short.locator('a.rfc').isVisible(), false);
    await page.hover(syn);
    assert.equal(await short.locator('a.rfc').innerText(), 'RFC 9293 §3.5');
    const shortLength = (await page.locator('#transcript .items').innerText()).length;
    await page.click(`${syn} .explain-more`);
    assert.match(await page.locator(`${syn} .explain`).innerText(), /^SYN: the client asks to open a TCP connection to the server\. It picks.*\[RFC 9293 §3\.5\]/s);

    await page.selectOption('#density-select', 'full');
    await page.waitForFunction(() => !document.querySelector('#transcript .explain.short'));
    const full = await page.locator(`${syn} .explain`).innerText();
    assert.match(full, /^SYN: the client asks to open a TCP connection to the server\. It picks/);
    assert.match(full, /\[RFC 9293 §3\.5\]/);
    const fullLength = (await page.locator('#transcript .items').innerText()).length;
    assert.ok(shortLength < fullLength * 0.7, `short (${shortLength}) is much shorter than full (${fullLength})`);
    // Every short form is the start of its full text (crates/core/tests/short.rs checks every lab capture and the corpus).

    await page.selectOption('#density-select', 'off');
    await page.waitForFunction(() => document.querySelectorAll('#transcript .line .explain').length === 0);
    assert.ok(await page.locator('#transcript .line code.text').count() > 10, 'the wire stays');
    await page.screenshot({ path: join(shots, 'density-off.png') });
    await page.reload();
    await page.waitForSelector('#transcript .line');
    assert.equal(await page.inputValue('#density-select'), 'off', 'remembered');
    assert.equal(await page.locator('#transcript .line .explain').count(), 0);
    await page.selectOption('#density-select', 'short');
    await page.waitForSelector('#transcript .explain.short');
    await page.screenshot({ path: join(shots, 'density-short.png') });
  });
});

test('folded: the EHLO keywords, the encrypted records after STARTTLS, an IMAP capability list', async () => {
  await withApp([1400, 1000], async (page) => {
    await openSample(page, 'smtp-starttls-587.pcap');
    // RFC 5321 §4.2.1: one reply of many lines; its first line stays, the ten keyword lines are one item.
    const reply = page.locator('#transcript details.reply-run');
    assert.equal(await reply.count(), 1);
    assert.match(await reply.locator('summary').innerText(), /10 more lines of this reply: PIPELINING, SIZE, VRFY, ETRN, STARTTLS, AUTH, ENHANCEDSTATUSCODES, 8BITMIME, DSN, CHUNKING/);
    assert.equal(await reply.locator('.line').count(), 0, 'its lines are put on the page only when opened');
    assert.equal(await page.locator('#transcript .line:has(code.text:text-is("250-mail.lab.example"))').count(), 1);
    await reply.locator('summary').click();
    assert.equal(await reply.locator('.line').count(), 10);
    assert.equal(await reply.locator('.line code.text').last().innerText(), '250 CHUNKING');
    // RFC 3207 §4: after the handshake everything is encrypted records; they are one item.
    const run = page.locator('#transcript details.tls-run');
    assert.equal(await run.count(), 1);
    const title = await run.locator('summary').innerText();
    const m = title.match(/^(\d+) encrypted records, frames (\d+)–(\d+)/);
    assert.ok(m, title);
    await run.locator('summary').click();
    assert.equal(await run.locator('.tls').count(), Number(m[1]));
    await page.screenshot({ path: join(shots, 'folded-starttls.png') });

    await openSample(page, 'imap-session.pcap');
    // RFC 9051 §7.2.2: the CAPABILITY response, its items explained one per line, folded under its sentence.
    const capsLine = page.locator('#transcript .line:has(code.text:text-matches("^\\\\* CAPABILITY "))').first();
    // Short: the sentence before the list, then the list on request.
    assert.match(await capsLine.locator('.explain').innerText(), /^\* CAPABILITY: the list of what this server supports, item by item\s*more$/);
    await capsLine.locator('.explain-more').click();
    const caps = capsLine.locator('.explain-list');
    assert.match(await caps.locator('summary').innerText(), /^11 items, each explained$/);
    assert.equal(await caps.evaluate((d) => d.open), false);
    await caps.locator('summary').click();
    assert.equal(await caps.locator('li').count(), 11);
    assert.match(await caps.locator('li').first().innerText(), /^IMAP4rev1: /);
  });
});

test('references are quiet until hovered; a legend, and a direction with host:port on every row', async () => {
  await withApp([1400, 1000], async (page) => {
    await openSample(page, 'smtp-starttls-587.pcap');
    await page.selectOption('#density-select', 'full');
    await page.waitForFunction(() => !document.querySelector('#transcript .explain.short'));
    const rfc = page.locator(`${syn} .explain a.rfc`);
    const quiet = await rfc.evaluate((a) => getComputedStyle(a).fontSize);
    const body = await page.locator(`${syn} .explain`).evaluate((e) => getComputedStyle(e).fontSize);
    assert.ok(parseFloat(quiet) < parseFloat(body), `the reference (${quiet}) is smaller than the text (${body})`);
    const before = await rfc.evaluate((a) => getComputedStyle(a).color);
    await page.hover(syn);
    const after = await rfc.evaluate((a) => getComputedStyle(a).color);
    assert.notEqual(before, after, 'hovering the row lights its reference');
    assert.match(await page.locator('#transcript .who-legend').innerText(), /C →\s*client 127\.0\.0\.1:\d+\s+← S\s*server 127\.0\.0\.1:587/);
    // Every row, TCP and TLS included, has its arrow and both ends on hover.
    const rows = await page.$$eval('#transcript .items > .item > :is(.line, .tcp, .tls, .gap, .credential)', (rs) =>
      rs.map((r) => ({ cls: r.className, who: r.querySelector(':scope > .who')?.textContent, title: r.querySelector(':scope > .who')?.title })));
    assert.ok(rows.some((r) => r.cls.startsWith('tls')) && rows.some((r) => r.cls.startsWith('tcp')));
    for (const r of rows) {
      assert.ok(r.who === 'C →' || r.who === '← S', JSON.stringify(r));
      assert.match(r.title, /^from the (client 127\.0\.0\.1:\d+ to the server 127\.0\.0\.1:587|server 127\.0\.0\.1:587 to the client 127\.0\.0\.1:\d+)$/, JSON.stringify(r));
      assert.equal(r.who === 'C →', r.cls.includes('client'), JSON.stringify(r));
    }
  });
});

test('at 1024x768 the first screen is the conversation; the opening controls fold and open again', async () => {
  await withApp([1024, 768], async (page) => {
    const visible = await page.$$eval('#transcript .items > .item', (items) => items.filter((i) => {
      const b = i.getBoundingClientRect();
      return b.top >= 0 && b.bottom <= innerHeight;
    }).length);
    assert.ok(visible >= 3, `${visible} transcript rows on the first screen`);
    // The message view is closed until asked for: the transcript takes the width.
    assert.equal(await page.locator('#message-view').count(), 0);
    const width = await page.locator('#transcript').evaluate((t) => t.getBoundingClientRect().width);
    assert.ok(width > 900, `transcript ${width} px wide`);
    // The opening controls are one row, with the sample list and the file button still there.
    assert.ok(await page.locator('#opening.compact').isVisible());
    assert.ok(await page.locator('#sample-select').isVisible());
    assert.ok(await page.locator('label[for="file-input"]').isVisible());
    const hint = (await page.locator('.drop-hint').boundingBox()).height;
    await page.click('#opening-toggle');
    await page.waitForSelector('#opening:not(.compact)');
    assert.ok((await page.locator('.drop-hint').boundingBox()).height >= hint);
    assert.match(await page.locator('.drop-hint').innerText(), /Drop a capture here/);
    await page.click('#opening-toggle');
    await page.waitForSelector('#opening.compact');
    // The password is the largest text of its card, not the smallest.
    const sizes = await page.locator('#transcript .credential').first().evaluate((card) => {
      const texts = [...card.querySelectorAll('*')].filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
      return { pass: parseFloat(getComputedStyle(card.querySelector('.cred-pass')).fontSize), all: texts.map((e) => parseFloat(getComputedStyle(e).fontSize)) };
    });
    assert.ok(sizes.pass >= 20, `password ${sizes.pass}px`);
    assert.equal(sizes.pass, Math.max(...sizes.all));
    // Opening the message view puts it beside the transcript; closing it gives the width back.
    await page.click('#transcript .message-card .show-message');
    await page.waitForSelector('.panes.with-messages #message-view');
    await page.click('#message-close');
    await page.waitForSelector('.panes.messages-closed');
    assert.equal(await page.locator('#message-view').count(), 0);
  });
});

test('on a phone the message view follows the card that opened it; long lines wrap at word boundaries', async () => {
  await withApp([390, 844], async (page) => {
    await openSample(page, 'smtp-multipart-attachment.pcap');
    assert.equal(await page.locator('#message-view').count(), 0);
    const card = page.locator('#transcript .message-card').first();
    await card.locator('.show-message').click();
    await page.waitForSelector('#transcript #message-view');
    const c = await card.boundingBox();
    const v = await page.locator('#message-view').boundingBox();
    assert.ok(v.y >= c.y + c.height - 1 && v.y - (c.y + c.height) < 40, `card ends at ${c.y + c.height}, view starts at ${v.y}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.screenshot({ path: join(shots, 'phone-message-inline.png') });
    await page.click('#message-close');
    await page.waitForFunction(() => !document.querySelector('#message-view'));
    // A content line of words is broken between words, not inside one.
    const words = await page.$$eval('#transcript .line code.text', (codes) => codes.map((c) => {
      const r = document.createRange();
      const breaks = [];
      const t = c.firstChild;
      if (!t || t.nodeType !== 3) return [];
      let lastTop = null;
      for (let i = 0; i < t.length; i++) {
        r.setStart(t, i); r.setEnd(t, i + 1);
        const top = r.getBoundingClientRect().top;
        if (lastTop !== null && top > lastTop + 2) breaks.push([t.data[i - 1], t.data[i], t.data]);
        lastTop = top;
      }
      return breaks;
    }).flat());
    for (const [before, at, text] of words) {
      // A break falls where Unicode's line breaking allows (a space, after a full stop or hyphen), never between
      // two letters or digits of one word, unless that word is wider than the phone.
      const longest = Math.max(...text.split(/[^A-Za-z0-9]+/).map((w) => w.length));
      if (longest < 28) assert.ok(!(/[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(at)), `broken inside a word in ${JSON.stringify(text)}`);
    }
  });
});

test('the error page (not a capture, an empty file) keeps a way back to what was open', async () => {
  await withApp([1024, 768], async (page) => {
    const title = samples[0].title;
    for (const [name, bytes] of [['notes.pcap', Buffer.from('these are my notes, not a capture\n')], ['empty.pcap', Buffer.alloc(0)]]) {
      await page.setInputFiles('#file-input', { name, mimeType: 'application/octet-stream', buffer: bytes });
      await page.waitForSelector('#capture-error');
      assert.match(await page.locator('#capture-error').innerText(), name === 'empty.pcap' ? /empty/ : /not a packet capture/);
      assert.equal(await page.locator('#transcript').count(), 0);
      assert.match(await page.locator('#error-back').innerText(), new RegExp(`Back to ${title}`));
      await page.screenshot({ path: join(shots, `error-${name}.png`) });
      await page.click('#error-back');
      await page.waitForSelector(`#capture-summary h2:has-text("${title}")`);
      await page.waitForSelector('#transcript .line');
      assert.equal(await page.locator('#capture-error').count(), 0);
      assert.equal(await page.inputValue('#sample-select'), '0');
    }
  });
});

test('a header-only IMAP FETCH is shown as a header, with no empty part to save', needsCorpus, async () => {
  await withApp([1400, 1000], async (page) => {
    // RFC 9051 §6.4.5: BODY.PEEK[HEADER] and BODY[HEADER.FIELDS (...)] return the header (or some fields), not the body.
    for (const [file, section] of [['ntop__nDPI/imap.pcap', /HEADER/], ['arkime__arkime/imap.pcap', /HEADER\.FIELDS \(DATE FROM SUBJECT/]]) {
      await page.setInputFiles('#file-input', fileFor(join(corpus, file)));
      await page.waitForSelector('#transcript .message-card');
      const card = page.locator('#transcript .message-card.header-only').first();
      assert.match(await card.locator('.badge').innerText(), /^Header fetched \((UID )?FETCH, \d+ bytes\)$/);
      await card.locator('.show-message').click();
      await page.waitForSelector('#message-view.header-only');
      assert.match(await page.locator('#message-view .header-only-note').innerText(), section);
      assert.equal(await page.locator('#message-view button.save-part').count(), 0);
      assert.equal(await page.locator('#message-view #save-eml').count(), 0);
      assert.equal(await page.locator('#message-view .parts').count(), 0);
      assert.ok(await page.locator('#message-view .key-headers').count() === 1);
      await page.locator('#message-view').screenshot({ path: join(shots, `header-only-${file.split('/')[0]}.png`) });
    }
  });
});

/** The base64 of a SASL answer, as AUTH LOGIN or PLAIN sends the password (RFC 4954 §4, RFC 4616 §2). */
const b64 = (s) => Buffer.from(s).toString('base64');

test('done when: in every sample, the password, its packets, its bytes in the hex dump and the Wireshark filter', async () => {
  for (const size of SIZES) {
    await withApp(size, async (page) => {
      for (const s of samples) {
        await openSample(page, s.file);
        const tag = `${s.file.replace(/\.pcap$/, '')}-${size[0]}x${size[1]}`;
        await page.evaluate(() => scrollTo(0, 0));
        await page.screenshot({ path: join(shots, `walk-${tag}-1-first.png`) });
        const creds = page.locator('#transcript .credential');
        if (await creds.count() === 0) {
          // No password crossed the wire readable (STARTTLS, or no login): the eavesdropper panel says what did.
          assert.ok(await page.locator('#eavesdropper').count() === 1);
          continue;
        }
        const cred = creds.first();
        await cred.scrollIntoViewIfNeeded();
        const password = await cred.locator('.cred-pass').innerText();
        assert.ok(password.length > 3 && password !== '—', password);
        assert.ok(await cred.locator('.cred-pass').isVisible());
        await page.screenshot({ path: join(shots, `walk-${tag}-2-password.png`) });
        await cred.locator('.cred-evidence').click();
        await page.waitForSelector('#packets .frame-detail');
        const user = await cred.locator('.cred-user').innerText();
        // As it crossed: in clear, or Base64 for AUTH LOGIN (RFC 4954 §4) and PLAIN (RFC 4616 §2: authzid NUL authcid NUL passwd).
        const wire = [password, b64(password), b64(`\u0000${user}\u0000${password}`)];
        const ascii = await page.$$eval('#packets .asc .a.mark', (b) => b.map((x) => x.textContent).join(''));
        if (s.keylog) {
          // Read with the sample's key log: the frame's bytes are TLS records, the password is not in them.
          assert.ok(!wire.some((w) => ascii.includes(w)), ascii);
        } else {
          await page.waitForSelector('#packets .hex .b.mark');
          const marked = await page.$$eval('#packets .asc .a.mark', (b) => b.map((x) => x.textContent).join(''));
          assert.ok(wire.some((w) => marked.includes(w)), `the marked bytes ${JSON.stringify(marked)} carry ${password}`);
        }
        const carried = await page.$$eval('#packets .pkt-row.carried', (r) => r.map((x) => x.dataset.frame));
        assert.ok(carried.length >= 1);
        const filters = await page.$$eval('#packets .ws-filter code', (c) => c.map((x) => x.textContent));
        assert.ok(filters.some((f) => f.includes(`frame.number == ${carried[0]}`)), filters.join(' / '));
        assert.ok(await page.locator('#packets .ws-filter button.copy').first().isVisible());
        const top = await page.locator('#packets').evaluate((p) => p.getBoundingClientRect().top);
        assert.ok(top < size[1], 'the packet view is brought into view');
        await page.screenshot({ path: join(shots, `walk-${tag}-3-bytes.png`) });
      }
    });
  }
});
